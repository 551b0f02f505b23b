package dev.opencic.device;

import dev.opencic.client.agent.SpeechSynthesizerAgent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ask FILE.wav}: a {@code SpeechRecognizer.Recognize} streaming the file as a microphone
 * would, 200 ms at a time in real time ({@code --fast}: as fast as possible), converted to 16 kHz
 * mono 16-bit first. Prints the partial results, StopCapture and the answer.
 */
@Command(name = "ask", description = "Stream a WAV file as speech (SpeechRecognizer.Recognize) and print the answer.")
final class AskCommand implements Callable<Integer> {

    @ParentCommand
    DeviceMain main;

    @Parameters(index = "0", paramLabel = "FILE.wav")
    Path file;

    @Option(names = "--fast", description = "Send the audio as fast as possible instead of in real time")
    boolean fast;

    @Override
    public Integer call() throws Exception {
        WavReader.Pcm pcm;
        try {
            pcm = WavReader.read(file);
        } catch (IOException e) {
            throw new DeviceException(DeviceException.FAILED, DeviceException.oneLine(e.getMessage()));
        }
        DeviceSession.requireLogin(main);
        DirectivePrinter printer = main.printer(false);
        pcm.warnings().forEach(printer::warn);
        RecognizerAgent recognizer = new RecognizerAgent();
        SpeechSynthesizerAgent speech = new SpeechSynthesizerAgent(SayCommand.SAVED_ONLY);
        try (DeviceSession session = DeviceSession.connect(main, printer, speech, recognizer,
                new SayCommand.SaveFirstTrack(printer, main.outDir))) {
            printer.info(String.format(java.util.Locale.ROOT, "Streaming %s (%.1f s, %s)%s...", file,
                    pcm.durationMillis() / 1000.0, pcm.describeSource(), fast ? " as fast as possible" : " in real time"));
            ByteArrayInputStream in = new ByteArrayInputStream(pcm.data());
            AudioStreamer.Result r = AudioStreamer.recognize(session.client(), session.server(), in::read, !fast,
                    Long.MAX_VALUE / 64, recognizer);
            try {
                speech.reportsSent().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw DeviceException.from(e, session.server());
            }
            printer.info(String.format(java.util.Locale.ROOT, "Sent %.1f s of audio in %.1f s%s", r.bytesSent() / 32000.0,
                    r.elapsedMillis() / 1000.0, r.stoppedByServer() ? " (stopped by StopCapture)" : ""));
        }
        return 0;
    }
}
