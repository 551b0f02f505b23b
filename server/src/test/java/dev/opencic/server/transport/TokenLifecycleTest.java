package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What happens on the CIC endpoints when a token is refreshed, revoked or expires. */
class TokenLifecycleTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension();

    static final MutableClock clock = new MutableClock(Instant.now());

    @RegisterExtension
    static final CicServerExtension clocked = new CicServerExtension(b -> {}, s -> s.clock(clock));

    @Test
    void deletingATokenRevokesItAndClosesThatDevicesDownchannel() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            StreamedParts down = device.connect();
            delete(device);
            JsonNode why = Json.of(down.next());
            assertThat(why.at("/header/name").asText()).isEqualTo("Exception");
            assertThat(why.at("/payload/code").asInt()).isEqualTo(401);
            assertThat(why.at("/payload/description").asText()).contains("revoked");
            down.whenEnded().get(5, TimeUnit.SECONDS);
            assertThat(device.openDownchannel().status()).isEqualTo(401);
            assertThat(device.send("TextRecognizer", "Recognize", "d", TestDevice.payload().put("text", "hi")).status())
                    .isEqualTo(401);
        }
    }

    @Test
    void aTokenRememberedByItsConnectionIsRefusedThereOnceRevoked() throws Exception {
        try (TestDevice device = cic.newDevice(); TestDevice other = cic.newDevice()) {
            device.connect();
            assertThat(speechStarted(device).status()).isEqualTo(204);
            assertThat(speechStarted(device).status()).isEqualTo(204); // from the connection's memory
            delete(other);
            assertThat(speechStarted(device).status()).isEqualTo(204); // checked again, still valid
            delete(device);
            StreamedParts refused = speechStarted(device); // same connection, same token
            assertThat(refused.status()).isEqualTo(401);
            assertThat(Json.of(refused.next()).at("/payload/description").asText()).contains("revoked");
        }
    }

    private static StreamedParts speechStarted(TestDevice device) throws Exception {
        return device.send("SpeechSynthesizer", "SpeechStarted", null, TestDevice.payload().put("token", "t"));
    }

    private static void delete(TestDevice device) {
        JsonNode res = CicServerExtension.json(cic.client().execute(RequestHeaders.of(HttpMethod.POST, "/token",
                        "content-type", MediaType.FORM_DATA),
                CicServerExtension.form("grant_type", "delete", "client_id", cic.clientId(),
                        "client_secret", cic.clientSecret(), "access_token", device.accessToken(),
                        "device_id", device.deviceId()).toQueryString()).aggregate().join());
        assertThat(res.get("deleted").asBoolean()).isTrue();
    }

    @Test
    void afterARefreshTheOldAccessTokenIsRefusedAndTheNewOneWorks() throws Exception {
        CicServerExtension.TokenPair first = cic.obtainToken("refresh-device");
        JsonNode refreshed = CicServerExtension.json(cic.client().execute(RequestHeaders.of(HttpMethod.POST, "/token",
                        "content-type", MediaType.FORM_DATA),
                CicServerExtension.form("grant_type", "refresh_token", "client_id", cic.clientId(),
                        "client_secret", cic.clientSecret(), "refresh_token", first.refreshToken(),
                        "device_id", "refresh-device").toQueryString()).aggregate().join());
        String newToken = refreshed.get("access_token").asText();
        assertThat(newToken).isNotEqualTo(first.accessToken());
        assertThat(refreshed.get("refresh_token").asText()).isNotEqualTo(first.refreshToken());
        assertThat(StreamedParts.read(cic.client().prepare().get("/v1/directives")
                .header("authorization", "Bearer " + first.accessToken()).execute()).status()).isEqualTo(401);
        StreamedParts down = StreamedParts.read(cic.client().prepare().get("/v1/directives")
                .header("authorization", "Bearer " + newToken).execute());
        assertThat(down.status()).isEqualTo(200);
    }

    @Test
    void anExpiredTokenIs401() throws Exception {
        try (TestDevice device = clocked.newDevice()) {
            assertThat(device.connect()).isNotNull();
            clock.advance(clocked.server().config().accessTokenTtl());
            assertThat(device.send("SpeechSynthesizer", "SpeechStarted", null,
                    TestDevice.payload().put("token", "t")).status()).isEqualTo(401);
            StreamedParts res = device.openDownchannel();
            assertThat(res.status()).isEqualTo(401);
            assertThat(Json.of(res.next()).at("/payload/description").asText()).contains("expired");
        }
    }
}
