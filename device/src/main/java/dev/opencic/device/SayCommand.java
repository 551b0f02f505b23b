package dev.opencic.device;

import dev.opencic.client.AgentHost;
import dev.opencic.client.EventResponse;
import dev.opencic.client.agent.AudioOutput;
import dev.opencic.client.agent.SpeechSynthesizerAgent;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code say "TEXT"}: a {@code TextRecognizer.Recognize}; prints every directive of the answer,
 * saves their attachments, reports the Speak as played (SpeechStarted, SpeechFinished) and exits
 * once the reports reached the server. Music is not played (use {@code run}): the Play directives
 * are printed, and with {@code --out} the first track's stream is saved there.
 */
@Command(name = "say", description = "Send what the user typed (TextRecognizer.Recognize) and print the answer.")
final class SayCommand implements Callable<Integer> {

    /** Speech is saved by the printer; "playing" it takes no time (no MP3 decoder, see README). */
    static final AudioOutput SAVED_ONLY = (audio, format, token) -> {};

    @ParentCommand
    DeviceMain main;

    @Parameters(index = "0", paramLabel = "TEXT", description = "What the user says, e.g. \"what time is it\"")
    String text;

    @Override
    public Integer call() throws Exception {
        if (text.isBlank()) {
            throw new DeviceException(DeviceException.USAGE, "TEXT is empty");
        }
        DeviceSession.requireLogin(main);
        DirectivePrinter printer = main.printer(false);
        SpeechSynthesizerAgent speech = new SpeechSynthesizerAgent(SAVED_ONLY);
        SaveFirstTrack music = new SaveFirstTrack(printer, main.outDir);
        try (DeviceSession session = DeviceSession.connect(main, printer, speech, music)) {
            try {
                EventResponse response = session.client().recognizeText(text).get(60, TimeUnit.SECONDS);
                response.processed().get(60, TimeUnit.SECONDS);
                speech.reportsSent().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw DeviceException.from(e, session.server());
            }
        }
        return 0;
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
