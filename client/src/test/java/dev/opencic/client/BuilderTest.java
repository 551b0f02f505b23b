package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder refuses bad values at once and names them. */
class BuilderTest {

    @Test
    void badValuesAreRefusedWithTheirNameAndValue() {
        CicClient.Builder b = CicClient.builder();
        assertThatThrownBy(() -> b.serverUrl("not a url")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("serverUrl: not a url");
        assertThatThrownBy(() -> b.deviceId(" ")).hasMessageContaining("deviceId");
        assertThatThrownBy(() -> b.tokenStore(null)).isInstanceOf(NullPointerException.class).hasMessage("tokenStore");
        assertThatThrownBy(() -> b.pingInterval(Duration.ofSeconds(-1))).hasMessageContaining("pingInterval: PT-1S");
        assertThatThrownBy(() -> b.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageContaining("max: PT1S");
    }

    @Test
    void buildNamesTheFirstMissingSetting() {
        assertThatThrownBy(() -> CicClient.builder().serverUrl("http://localhost:8080").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("clientCredentials");
    }

    @Test
    void sendingBeforeStartIsAnApiMisuse() {
        CicClient client = CicClient.builder().serverUrl("http://localhost:1").clientCredentials("id", "secret")
                .deviceId("d").tokenStore(new FileTokenStore(java.nio.file.Path.of("/nonexistent/tokens.json"))).build();
        try (client) {
            assertThatThrownBy(() -> client.recognizeText("hi")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("start()");
        }
    }
}
