package dev.opencic.device;

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
 * once the reports reached the server.
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
        try (DeviceSession session = DeviceSession.connect(main, printer, speech)) {
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
}
