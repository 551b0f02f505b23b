package dev.opencic.device;

import dev.opencic.client.agent.SpeechSynthesizerAgent;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code listen}: the microphone (javax.sound capture, 16 kHz mono 16-bit) streamed like {@code
 * ask} until StopCapture arrives or {@code --seconds} pass. Without a capture device it says so in
 * one line and exits 1.
 */
@Command(name = "listen", description = "Stream the microphone as speech until StopCapture (or --seconds).")
final class ListenCommand implements Callable<Integer> {

    @ParentCommand
    DeviceMain main;

    @Option(names = "--seconds", defaultValue = "10", description = "Longest capture; default ${DEFAULT-VALUE} s")
    double seconds;

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0)) {
            throw new DeviceException(DeviceException.USAGE, "--seconds: " + seconds + " (expected: > 0)");
        }
        DeviceSession.requireLogin(main);
        try (MicrophoneInput mic = MicrophoneInput.open()) {
            DirectivePrinter printer = main.printer(false);
            RecognizerAgent recognizer = new RecognizerAgent();
            SpeechSynthesizerAgent speech = new SpeechSynthesizerAgent(main.speechOutput(printer, true));
            try (DeviceSession session = DeviceSession.connect(main, printer, b -> b.contextProvider(speech.context()),
                    speech, recognizer,
                    new SayCommand.SaveFirstTrack(printer, main.outDir))) {
                printer.info("Listening (up to " + seconds + " s)...");
                AudioStreamer.recognize(session.client(), session.server(), mic, false, (long) (seconds * 1000),
                        recognizer);
                try {
                    speech.reportsSent().get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw DeviceException.from(e, session.server());
                }
            }
        }
        return 0;
    }
}
