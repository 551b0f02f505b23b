package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.client.agent.ClovaAgent;
import dev.opencic.protocol.payload.SpeechSynthesizer;
import dev.opencic.server.testing.CicServerExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Naming and Clova delegation through the SDK against the in-process server: the speaker names
 * itself ({@code CicClient.nameDevice}); a phone app asks for a timer "on the study speaker"; the speaker's ClovaAgent answers HandleDelegatedEvent with
 * ProcessDelegatedEvent and carries out the answer (Alerts.SetAlert); the phone hears what was done.
 */
class DelegationTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    @Test
    void aRequestFromThePhoneIsCarriedOutByTheNamedSpeaker() throws Exception {
        RecordingDirectiveListener speakerSaw = new RecordingDirectiveListener();
        String name = "study speaker";
        try (CicClient speaker = Clients.started(cic, b -> b.agent(new ClovaAgent()).directiveListener(speakerSaw));
             CicClient phone = Clients.started(cic, b -> {})) {
            EventResponse named = speaker.nameDevice(name, "study").get(30, TimeUnit.SECONDS);
            assertThat(named.httpStatus()).isEqualTo(204);

            EventResponse asked = phone.recognizeText("set a timer for ten minutes on the " + name)
                    .get(30, TimeUnit.SECONDS);
            assertThat(asked.httpStatus()).isEqualTo(200);
            String told = asked.directives().stream().filter(d -> d.header().qualifiedName().equals("SpeechSynthesizer.Speak"))
                    .map(d -> d.payload(SpeechSynthesizer.Speak.class).ttsText()).findFirst().orElse("");
            assertThat(told).startsWith("On the " + name + ": ");

            await().atMost(Duration.ofSeconds(20)).until(() -> speakerSaw.processed.stream()
                    .anyMatch(d -> d.header().qualifiedName().equals("Alerts.SetAlert")));
            assertThat(speakerSaw.processed).extracting(d -> d.header().qualifiedName())
                    .contains("Clova.HandleDelegatedEvent");
        }
    }
}
