package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A downchannel lives only as long as its token: expiry (by the injected clock) or family revocation ends it with 401. */
class DownchannelExpiryTest {

    static final MutableClock clock = new MutableClock(Instant.now());

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> {}, s -> s.clock(clock));

    private static void assertEndsWith401(StreamedParts down, String expected) throws Exception {
        StreamedParts.Part part = down.next(Duration.ofSeconds(10));
        JsonNode exception = Json.of(part);
        assertThat(exception.at("/header/namespace").asText()).isEqualTo("System");
        assertThat(exception.at("/header/name").asText()).isEqualTo("Exception");
        assertThat(exception.at("/payload/code").asText()).isEqualTo("401");
        assertThat(exception.at("/payload/description").asText()).contains(expected);
        down.whenEnded().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void aDownchannelOpenedBeforeItsTokenExpiredEndsWithA401WhenItExpires() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            StreamedParts down = device.connect();
            clock.advance(cic.server().config().accessTokenTtl());

            assertEndsWith401(down, "expired");
            await().atMost(Duration.ofSeconds(10)).until(() -> !cic.server().downchannels().isOpen(
                    new dev.opencic.server.api.DeviceIdentity(accountId(), cic.clientId(), device.deviceId())));
        }
    }

    @Test
    void reusingARotatedRefreshTokenEndsTheDownchannelOfTheNewOne() throws Exception {
        String deviceId = "family-" + UUID.randomUUID();
        CicServerExtension.TokenPair first = cic.obtainToken(deviceId);
        JsonNode second = refresh(first.refreshToken(), deviceId);
        assertThat(second.has("access_token")).isTrue();
        try (TestDevice device = new TestDevice(cic.h2cUri(), deviceId, second.get("access_token").asText())) {
            StreamedParts down = device.connect();

            JsonNode reused = refresh(first.refreshToken(), deviceId);
            assertThat(reused.path("error").asText()).isEqualTo("invalid_grant");

            assertEndsWith401(down, "revoked");
        }
    }

    private static String accountId() {
        return cic.server().auth().accounts().findByUsername(CicServerExtension.USER).orElseThrow().accountId();
    }

    private static JsonNode refresh(String refreshToken, String deviceId) throws Exception {
        return dev.opencic.protocol.MessageCodec.mapper().readTree(cic.client().execute(
                RequestHeaders.of(HttpMethod.POST, "/token", "content-type", MediaType.FORM_DATA),
                QueryParams.builder().add("grant_type", "refresh_token").add("client_id", cic.clientId())
                        .add("client_secret", cic.clientSecret()).add("refresh_token", refreshToken)
                        .add("device_id", deviceId).build().toQueryString()).aggregate().join().contentUtf8());
    }
}
