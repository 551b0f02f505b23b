package dev.opencic.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.SpokenRequests;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code ask FILE --then FILE} with the real recogniser: the spoken answer completes the question. */
class SpokenConversationCliTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(1));

    @TempDir
    Path tmp;

    @Test
    void askThenAnswersTheQuestionBySpeech() throws Exception {
        Engines.requireRecognizer(cic.server().asr());
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));
        Path question = Wav.write(tmp.resolve("question.wav"), Wav.file(1, 16_000, 1, 16, SpokenRequests.speak("take a note")));
        Path answer = Wav.write(tmp.resolve("answer.wav"), Wav.file(1, 16_000, 1, 16,
                SpokenRequests.speak("buy milk and bread")));

        Cli.Result r = Cli.run("", "--config-dir", dir.toString(), "--json", "--out", tmp.resolve("out").toString(),
                "ask", question.toString(), "--then", answer.toString(), "--fast");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.directives("Clova.RenderText")).extracting(n -> n.at("/directive/payload/text").asText())
                .hasSize(2).first().isEqualTo("What should the memo say?");
        assertThat(r.directives("Clova.RenderText").get(1).at("/directive/payload/text").asText())
                .startsWith("I saved a memo: ").contains("milk");
    }
}
