package dev.opencic.device;

import dev.opencic.client.AgentHost;
import dev.opencic.client.EventResponse;
import dev.opencic.client.agent.AudioOutput;
import dev.opencic.client.agent.SpeechSynthesizerAgent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code say "TEXT" [--then "TEXT" ...]}: a {@code TextRecognizer.Recognize}; prints every directive
 * of the answer, saves their attachments, speaks the Speak audio on the speaker (when there is one)
 * reporting it as played (SpeechStarted, SpeechFinished) and exits once the reports reached the server. Each {@code --then} answers the
 * question the previous answer asked ({@code ExpectSpeech}), in order, within this one connection;
 * one left over with no question to answer exits 1 saying so (a contract scripts rely on). Music is
 * not played (use {@code run}): the Play directives are printed, and with {@code --out} the first
 * track's stream is saved there.
 */
@Command(name = "say", description = "Send what the user typed (TextRecognizer.Recognize) and print the answer.")
final class SayCommand implements Callable<Integer> {

    /** The one line (after "cic device: ") that a --then with no question to answer exits 1 with. */
    static final String NO_QUESTION = "no question to answer";

    /** Speech is saved by the printer and not played: "playing" it takes no time (no speaker). */
    static final AudioOutput SAVED_ONLY = (audio, format, token) -> {};

    @ParentCommand
    DeviceMain main;

    @Parameters(index = "0", paramLabel = "TEXT", description = "What the user says, e.g. \"what time is it\"")
    String text;

    @Option(names = "--then", paramLabel = "TEXT",
            description = "The answer to the question the previous answer asked (repeatable, in order)")
    List<String> then = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (text.isBlank() || then.stream().anyMatch(String::isBlank)) {
            throw new DeviceException(DeviceException.USAGE, "TEXT is empty");
        }
        DeviceSession.requireLogin(main);
        DirectivePrinter printer = main.printer(false);
        SpeechSynthesizerAgent speech = new SpeechSynthesizerAgent(main.speechOutput(printer, true));
        SaveFirstTrack music = new SaveFirstTrack(printer, main.outDir);
        try (DeviceSession session = DeviceSession.connect(main, printer, b -> b.contextProvider(speech.context()),
                speech, music)) {
            try {
                turn(session, text);
                for (int i = 0; i < then.size(); i++) {
                    requireQuestion(session, i, then.size());
                    turn(session, then.get(i));
                }
                speech.reportsSent().get(30, TimeUnit.SECONDS);
            } catch (DeviceException e) {
                throw e;
            } catch (Exception e) {
                throw DeviceException.from(e, session.server());
            }
        }
        return 0;
    }

    /** One request, waiting until its directives were handled (so a question it asked is known). */
    private static void turn(DeviceSession session, String words) throws Exception {
        EventResponse response = session.client().recognizeText(words).get(60, TimeUnit.SECONDS);
        response.processed().get(60, TimeUnit.SECONDS);
    }

    /**
     * Fails with {@link #NO_QUESTION} (exit 1) unless the last answer asked a question that the
     * {@code index}th --then (of {@code count}) can answer.
     */
    static void requireQuestion(DeviceSession session, int index, int count) throws DeviceException {
        if (!session.client().isExpectingSpeech()) {
            throw new DeviceException(DeviceException.FAILED, NO_QUESTION + ": --then " + (index + 1) + " of " + count
                    + " is left over (the last answer asked nothing, or its question timed out)");
        }
    }

    /** Saves the stream of the first {@code AudioPlayer.Play} that has a URL to {@code <out>/music-<token>.mp3}. */
    static final class SaveFirstTrack extends dev.opencic.client.agent.AudioPlayerAgent {
        private final DirectivePrinter printer;
        private final java.nio.file.Path outDir;
        private boolean saved;

        SaveFirstTrack(DirectivePrinter printer, java.nio.file.Path outDir) {
            this.printer = printer;
            this.outDir = outDir;
        }

        @Override
        protected void onPlay(dev.opencic.client.ReceivedDirective d, AgentHost client) {
            var item = d.payload(dev.opencic.protocol.payload.AudioPlayer.Play.class).audioItem();
            var stream = item == null ? null : item.stream();
            String url = stream == null || stream.url() == null ? "" : stream.url();
            if (saved || outDir == null || !(url.startsWith("http://") || url.startsWith("https://"))
                    || Boolean.FALSE.equals(stream.urlPlayable())) {
                return;
            }
            saved = true;
            String token = java.util.Objects.requireNonNullElse(stream.token(), "track").replaceAll("[^A-Za-z0-9._-]", "_");
            java.nio.file.Path file = outDir.resolve("music-" + token + ".mp3");
            try (var in = client.openStream(url); var out = java.nio.file.Files.newOutputStream(file)) {
                long n = in.body().transferTo(out);
                printer.info("Saved the first track (" + n + " bytes) to " + file);
            } catch (Exception e) {
                printer.warn("could not save the first track: " + DeviceException.oneLine(DeviceException.describe(e)));
            }
        }
    }
}
