package dev.opencic.server.dialog;

import static dev.opencic.server.skill.SkillTestSupport.names;
import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.payload.Clova;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guest mode over HTTP/2: a token from {@code /authorize?request_vu=Y} without an account login
 * answers what needs no account; a request that needs one gets {@code Clova.ExpectLogin} and a
 * spoken "log in" and saves nothing; an event of an account's namespace is {@code 403} with
 * {@code System.Exception}; a bad {@code request_vu} or an unknown client is refused.
 */
class GuestModeTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    static AggregatedHttpResponse authorizeAsGuest(String clientId, String deviceId, String requestVu) {
        return cic.client().prepare().get("/authorize")
                .queryParams(CicServerExtension.form("request_vu", requestVu, "client_id", clientId,
                        "device_id", deviceId, "model_id", "test", "response_type", "code", "state", "g1"))
                .execute().aggregate().join();
    }

    static TestDevice guest(String deviceId) {
        AggregatedHttpResponse authorized = authorizeAsGuest(cic.clientId(), deviceId, "Y");
        assertThat(authorized.status().code()).isEqualTo(200);
        String code = CicServerExtension.json(authorized).get("code").asText();
        JsonNode token = CicServerExtension.json(cic.client().execute(RequestHeaders.of(HttpMethod.POST, "/token",
                        "content-type", MediaType.FORM_DATA),
                CicServerExtension.form("grant_type", "authorization_code", "client_id", cic.clientId(),
                        "client_secret", cic.clientSecret(), "code", code, "device_id", deviceId).toQueryString())
                .aggregate().join());
        return new TestDevice(cic.h2cUri(), deviceId, token.get("access_token").asText());
    }

    @Test
    void aGuestIsAnsweredWhatNeedsNoAccountAndToldToLogInForTheRest() throws Exception {
        try (TestDevice device = guest("guest-" + UUID.randomUUID())) {
            device.connect();
            assertThat(words(say(device, "what time is it"))).startsWith("It's ");

            List<Directive> note = say(device, "take a note buy milk");
            assertThat(words(note)).isEqualTo(GuestScope.LOG_IN);
            Directive login = note.stream().filter(d -> d.header().qualifiedName().equals("Clova.ExpectLogin"))
                    .findFirst().orElseThrow();
            assertThat(login.typedPayload()).isEqualTo(new Clova.ExpectLogin());
            assertThat(login.dialogRequestId()).isEqualTo(note.get(0).dialogRequestId());
            assertThat(names(note)).doesNotContain("Clova.AddMemo", "Clova.RenderTemplate");

            assertThat(names(say(device, "set an alarm for 7 am tomorrow"))).contains("Clova.ExpectLogin")
                    .doesNotContain("Alerts.SetAlert");
            // nothing was saved: a device of the same guest account has no alarms to synchronise
            StreamedParts sync = device.send("System", "RequestSynchronizeState", "d-sync", TestDevice.payload());
            assertThat(sync.next().directive().payload().get("allAlerts")).isEmpty();
        }
    }

    @Test
    void aGuestsEventOfAnAccountsNamespaceIs403WithSystemException() throws Exception {
        try (TestDevice device = guest("guest-" + UUID.randomUUID())) {
            device.connect();
            StreamedParts res = device.send("Memo", "Created", null, TestDevice.payload().put("id", "m1"));
            assertThat(res.status()).isEqualTo(403);
            JsonNode e = MessageCodec.mapper().readTree(res.next().body());
            assertThat(e.at("/header/namespace").asText()).isEqualTo("System");
            assertThat(e.at("/header/name").asText()).isEqualTo("Exception");
            assertThat(e.at("/payload/description").asText()).contains("guest mode").doesNotContain("\tat ");
        }
    }

    @Test
    void aBadRequestVuOrAnUnknownClientIsRefusedAndGuestNamesAreKept() throws Exception {
        AggregatedHttpResponse bad = authorizeAsGuest(cic.clientId(), "d1", "maybe");
        assertThat(bad.status().code()).isEqualTo(400);
        assertThat(MessageCodec.mapper().readTree(bad.contentUtf8()).get("error").asText()).isEqualTo("invalid_request");
        AggregatedHttpResponse unknown = authorizeAsGuest("no-such-client", "d1", "Y");
        assertThat(unknown.status().code()).isEqualTo(400);
        assertThat(MessageCodec.mapper().readTree(unknown.contentUtf8()).get("error_description").asText()).contains("client_id");
        // a user cannot take a name guest accounts use
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cic.server().auth().accounts()
                .createAccount("guest-abc", "a long enough password".toCharArray())).hasMessageContaining("guest mode");
    }
}
