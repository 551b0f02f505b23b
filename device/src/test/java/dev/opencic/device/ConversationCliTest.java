package dev.opencic.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.server.testing.CicServerExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conversation contract scripts rely on, in-process against the real server: {@code say TEXT
 * --then TEXT ...} answers the device's questions in order (exit 0), a {@code --then} left over
 * exits 1 with "no question to answer"; {@code --json} prints every turn's directives in order; a
 * script may run {@code say} again and again without being refused as a downchannel storm.
 */
class ConversationCliTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    @TempDir
    Path tmp;

    @Test
    void sayThenAnswersTheQuestionAndPrintsBothTurnsAsJsonLinesInOrder() {
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));

        Cli.Result r = Cli.run("", "--config-dir", dir.toString(), "--json", "--out", tmp.resolve("out").toString(),
                "say", "take a note", "--then", "buy stamps");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        List<JsonNode> lines = r.jsonLines();
        assertThat(lines).extracting(n -> n.at("/directive/header/name").asText())
                .containsExactly("Speak", "RenderText", "ExpectSpeech", "Speak", "RenderText", "AddMemo", "RenderTemplate");
        assertThat(r.directives("Clova.RenderText")).extracting(n -> n.at("/directive/payload/text").asText())
                .containsExactly("What should the memo say?", "I saved a memo: buy stamps.");
        // both turns are one dialogue
        assertThat(lines).extracting(n -> n.at("/directive/header/dialogRequestId").asText()).containsOnly(
                lines.get(0).at("/directive/header/dialogRequestId").asText());
    }

    @Test
    void aThenLeftOverExits1SayingThereIsNoQuestionToAnswer() {
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));

        Cli.Result r = Cli.run("", "--config-dir", dir.toString(), "say", "take a note", "--then", "buy milk",
                "--then", "and bread");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).startsWith("cic device: no question to answer").contains("--then 2 of 2").hasLineCount(1);
        assertThat(r.out()).contains("RenderText: What should the memo say?").contains("RenderText: I saved a memo: buy milk.");
    }

    @Test
    void aThenAfterAnAnswerThatAsksNothingExits1WithAJsonErrorLine() {
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));

        Cli.Result r = Cli.run("", "--config-dir", dir.toString(), "--json", "--out", tmp.resolve("out").toString(),
                "say", "what time is it", "--then", "seven am");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).startsWith("cic device: no question to answer").hasLineCount(1);
        List<JsonNode> lines = r.jsonLines();
        assertThat(lines).hasSize(3); // Speak, RenderText, then the error
        assertThat(lines.get(2).path("error").path("description").asText()).startsWith("no question to answer");
    }

    @Test
    void inRunTheNextTypedLineAnswersTheQuestion() throws Exception {
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));
        var typing = new java.io.PipedOutputStream();
        var stdin = new java.io.PipedInputStream(typing);
        Cli.Capture capture = new Cli.Capture();
        java.util.concurrent.CompletableFuture<Cli.Result> result = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Cli.run(capture, stdin, "--config-dir", dir.toString(), "--out", tmp.resolve("out").toString(),
                        "run", "--no-sound", "--stdin", "--seconds", "8"));

        typing.write("take a note\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        typing.flush();
        // a person answers once they heard the question
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> capture.out.toString().contains("Listening for your answer"));
        typing.write("buy stamps\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        typing.close();
        Cli.Result r = result.get(30, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("RenderText: What should the memo say?").contains("RenderText: I saved a memo: buy stamps.");
    }

    @Test
    void tenSaysInARowAllWork() {
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));

        for (int i = 0; i < 10; i++) {
            Cli.Result r = Cli.run("", "--config-dir", dir.toString(), "--json", "--out", tmp.resolve("out").toString(),
                    "say", "what time is it");
            assertThat(r.exitCode()).as("say #%d: %s", i + 1, r).isZero();
            assertThat(r.err()).as("say #%d", i + 1).isEmpty();
        }
    }
}
