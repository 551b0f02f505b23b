package dev.opencic.device;

import dev.opencic.client.agent.SpeechSynthesizerAgent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ask FILE.wav}: a {@code SpeechRecognizer.Recognize} streaming the file as a microphone
 * would, 200 ms at a time in real time ({@code --fast}: as fast as possible), converted to 16 kHz
 * mono 16-bit first. Prints the partial results, StopCapture and the answer. Each {@code --then
 * FILE.wav} answers the question the previous answer asked, in order, as {@code say --then} does
 * (exit 1, "no question to answer", for one left over).
 */
@Command(name = "ask", description = "Stream a WAV file as speech (SpeechRecognizer.Recognize) and print the answer.")
final class AskCommand implements Callable<Integer> {

    @ParentCommand
    DeviceMain main;

    @Parameters(index = "0", paramLabel = "FILE.wav")
    Path file;

    @Option(names = "--fast", description = "Send the audio as fast as possible instead of in real time")
    boolean fast;

    @Option(names = "--then", paramLabel = "FILE.wav",
            description = "The spoken answer to the question the previous answer asked (repeatable, in order)")
    List<Path> then = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        // Every file is read before anything is sent: a bad one fails the command, not its third turn.
        WavReader.Pcm pcm = read(file);
        List<WavReader.Pcm> answers = new ArrayList<>();
        for (Path f : then) {
            answers.add(read(f));
        }
        DeviceSession.requireLogin(main);
        DirectivePrinter printer = main.printer(false);
        pcm.warnings().forEach(printer::warn);
        answers.forEach(a -> a.warnings().forEach(printer::warn));
        RecognizerAgent recognizer = new RecognizerAgent();
        SpeechSynthesizerAgent speech = new SpeechSynthesizerAgent(main.speechOutput(printer, true));
        try (DeviceSession session = DeviceSession.connect(main, printer, b -> b.contextProvider(speech.context()),
                speech, recognizer,
                new SayCommand.SaveFirstTrack(printer, main.outDir))) {
            stream(session, printer, recognizer, file, pcm);
            for (int i = 0; i < answers.size(); i++) {
                SayCommand.requireQuestion(session, i, answers.size());
                stream(session, printer, recognizer, then.get(i), answers.get(i));
            }
            try {
                speech.reportsSent().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw DeviceException.from(e, session.server());
            }
        }
        return 0;
    }

    private static WavReader.Pcm read(Path f) throws DeviceException {
        try {
            return WavReader.read(f);
        } catch (IOException e) {
            throw new DeviceException(DeviceException.FAILED, DeviceException.oneLine(e.getMessage()));
        }
    }

    /** One spoken request (a new one, or the answer to the waiting question), until its answer was handled. */
    private void stream(DeviceSession session, DirectivePrinter printer, RecognizerAgent recognizer, Path f,
                        WavReader.Pcm pcm) throws DeviceException, InterruptedException {
        printer.info(String.format(java.util.Locale.ROOT, "Streaming %s (%.1f s, %s)%s...", f,
                pcm.durationMillis() / 1000.0, pcm.describeSource(), fast ? " as fast as possible" : " in real time"));
        recognizer.reset();
        ByteArrayInputStream in = new ByteArrayInputStream(pcm.data());
        AudioStreamer.Result r = AudioStreamer.recognize(session.client(), session.server(), in::read, !fast,
                Long.MAX_VALUE / 64, recognizer);
        printer.info(String.format(java.util.Locale.ROOT, "Sent %.1f s of audio in %.1f s%s", r.bytesSent() / 32000.0,
                r.elapsedMillis() / 1000.0, r.stoppedByServer() ? " (stopped by StopCapture)" : ""));
    }
}
