package dev.opencic.server.skill.alerts;

import static dev.opencic.server.skill.SkillTestSupport.say;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.payload.SystemSync;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * System.RequestSynchronizeState over HTTP/2: a device back from a reconnect (or a reset) gets
 * System.SynchronizeState with every alarm and timer of its account, in SetAlert's shape; a bad
 * payload is a 400 with System.Exception.
 */
class SystemSynchronizeStateTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    @Test
    void aDeviceBackFromAResetGetsTheAccountsAlerts() throws Exception {
        String user = "sync" + MessageIds.newId().substring(0, 8);
        cic.server().auth().accounts().createAccount(user, "a long enough password".toCharArray());
        String alarm;
        String timer;
        try (TestDevice kitchen = cic.deviceOf(user, "a long enough password", "kitchen")) {
            kitchen.connect();
            alarm = token(say(kitchen, "set an alarm for 7 am tomorrow"));
            timer = token(say(kitchen, "set a timer for 10 minutes"));
        }
        try (TestDevice bedroom = cic.deviceOf(user, "a long enough password", "bedroom")) {
            bedroom.connect(); // a new (or reset) device of the same account
            StreamedParts res = bedroom.send("System", "RequestSynchronizeState", MessageIds.newId(),
                    TestDevice.payload());
            assertThat(res.status()).isEqualTo(200);
            Directive sync = res.next().directive();
            assertThat(sync.header().qualifiedName()).isEqualTo("System.SynchronizeState");
            JsonNode all = sync.payload().get("allAlerts");
            assertThat(StreamSupport.stream(all.spliterator(), false).map(a -> a.get("token").asText()))
                    .containsExactlyInAnyOrder(alarm, timer);
            assertThat(StreamSupport.stream(all.spliterator(), false).map(a -> a.get("type").asText()))
                    .containsExactlyInAnyOrder("ALARM", "TIMER");
            // typed: the SDK's record reads it
            SystemSync.SynchronizeState typed = MessageCodec.mapper().treeToValue(sync.payload(),
                    SystemSync.SynchronizeState.class);
            assertThat(typed.allAlerts()).allSatisfy(a -> assertThat(a.scheduledTime()).isNotBlank());
        }
    }

    @Test
    void anAccountWithoutAlertsGetsAnEmptyListAndABadPayloadIsRefused() throws Exception {
        String user = "empty" + MessageIds.newId().substring(0, 8);
        cic.server().auth().accounts().createAccount(user, "a long enough password".toCharArray());
        try (TestDevice device = cic.deviceOf(user, "a long enough password", "den")) {
            device.connect();
            StreamedParts ok = device.send("System", "RequestSynchronizeState", MessageIds.newId(),
                    TestDevice.payload());
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.next().directive().payload().get("allAlerts")).isEmpty();

            byte[] bad = ("{\"event\":{\"header\":{\"namespace\":\"System\",\"name\":\"RequestSynchronizeState\","
                    + "\"messageId\":\"" + MessageIds.newId() + "\"},\"payload\":[1]},\"context\":[]}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            StreamedParts res = device.send(bad);
            assertThat(res.status()).isEqualTo(400);
            JsonNode exception = MessageCodec.mapper().readTree(res.next().body());
            assertThat(exception.at("/header/name").asText()).isEqualTo("Exception");
            assertThat(exception.at("/payload/description").asText()).doesNotContain("\tat ");
        }
    }

    private static String token(List<Directive> answer) {
        return answer.stream().filter(d -> d.header().qualifiedName().equals("Alerts.SetAlert")).findFirst()
                .orElseThrow().payload().get("token").asText();
    }
}
