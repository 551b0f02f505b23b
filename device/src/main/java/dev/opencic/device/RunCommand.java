package dev.opencic.device;

import dev.opencic.client.AgentHost;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.client.agent.ClovaAgent;
import dev.opencic.client.agent.LocalAlertsAgent;
import dev.opencic.client.agent.SpeechSynthesizerAgent;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code run}: stays connected and prints every directive as it arrives (downchannel pushes and
 * responses), saving attachments to the output directory, speaking the Speak audio on the speaker
 * and reporting its playback (SpeechStarted/SpeechFinished, SpeechStopped when a new request
 * interrupts it). A question ({@code ExpectSpeech}) opens the microphone for the answer, or with
 * {@code --stdin} the next typed line answers it. Music ({@code AudioPlayer.Play}) is
 * played: MP3 decoded with libmp3lame to the sound card, or paced in real time when there is none
 * ({@code --no-sound}), saved to {@code --out} if given, with the playback events a speaker sends;
 * it runs on its own channel, so it goes on while a dialog happens. A request another device of the
 * account hands to this one ({@code Clova.HandleDelegatedEvent}) is fetched and carried out (the
 * SDK's ClovaAgent); {@code System.SynchronizeState} sets the saved alarms and timers. Ctrl-C/SIGTERM closes the
 * connection cleanly; {@code --seconds} ends it after a while (scripts, tests).
 */
@Command(name = "run", description = "Stay connected, play music, and print directives as they arrive (Ctrl-C to stop).")
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    DeviceMain main;

    @Option(names = "--seconds", description = "Disconnect and exit 0 after this many seconds (default: run until stopped)")
    Double seconds;

    @Option(names = "--stdin", description = "Send each line read from stdin as what the user typed (TextRecognizer.Recognize);"
            + " /play, /pause, /resume, /stop, /next, /previous press the device's playback buttons"
            + " (/stop while an alarm or timer rings stops it: Alerts.RequestAlertStop)")
    boolean stdinText;

    @Option(names = "--ring-seconds", description = "How long an alarm or timer rings unless stopped (default: 60)")
    double ringSeconds = 60;

    @Option(names = "--no-sound", description = "Never open the sound card: speech is saved, not played; music is paced in real time (and saved with --out)")
    boolean noSound;

    private final RecognizerAgent recognizer = new RecognizerAgent();
    private volatile DeviceSession session;
    private volatile boolean warnedNoMicrophone;
    private volatile DeviceMusic.PlayerScreen screen;

    @Override
    public Integer call() throws Exception {
        DeviceSession.requireLogin(main);
        DirectivePrinter printer = main.printer(true);
        recognizer.onQuestion(question -> answer(question, printer));
        SpeechSynthesizerAgent speech = new SpeechSynthesizerAgent(main.speechOutput(printer, !noSound));
        dev.opencic.client.audio.MusicPlayer music = DeviceMusic.player(printer, main.outDir, !noSound);
        screen = new DeviceMusic.PlayerScreen(printer);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                closed.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cic-device-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // Alarms and timers live in the config dir and ring on time whether or not the server answers.
        DeviceAlerts alerts = new DeviceAlerts(main.config().dir().resolve("alerts.json"),
                new ToneRinger(printer), java.time.Duration.ofMillis((long) (ringSeconds * 1000)),
                java.time.Clock.systemDefaultZone());
        try (alerts; music; DeviceSession session = connectRetrying(printer, stop, alerts, speech, music)) {
            if (session == null) {
                return 0; // stopped before the server could be reached
            }
            this.session = session;
            printer.info("Connected to " + session.server() + "; speech and music play"
                    + (noSound ? " silently (speech is saved, music paced in real time)" : "") + ". Ctrl-C to stop.");
            session.fatal().whenComplete((r, e) -> stop.countDown());
            if (stdinText) {
                startTyping(session, printer, music, alerts);
            }
            if (seconds != null) {
                stop.await((long) (seconds * 1000), TimeUnit.MILLISECONDS);
            } else {
                stop.await();
            }
            if (session.fatal().isCompletedExceptionally()) {
                try {
                    session.fatal().join();
                } catch (Exception e) {
                    throw DeviceException.from(e, session.server());
                }
            }
            try {
                speech.reportsSent().get(5, TimeUnit.SECONDS);
                music.reportsSent().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                printer.warn("playback reports still unanswered at exit");
            }
        } finally {
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook is running
            }
        }
        return 0;
    }

    /**
     * Connects, and while the server cannot be reached keeps trying (the saved alarms ring meanwhile);
     * null if stopped first.
     */
    private DeviceSession connectRetrying(DirectivePrinter printer, CountDownLatch stop, DeviceAlerts alerts,
                                          SpeechSynthesizerAgent speech, dev.opencic.client.audio.MusicPlayer music)
            throws Exception {
        while (true) {
            try {
                DeviceControls controls = new DeviceControls(printer, music.volumeState());
                return DeviceSession.connect(main, printer,
                        b -> music.register(b.contextProvider(alerts.context()).contextProvider(speech.context())
                                .contextProvider(controls.context())),
                        speech, recognizer, alerts, controls, screen, new ClovaAgent(), alerts.systemAgent());
            } catch (DeviceException e) {
                if (e.exitCode() != DeviceException.UNREACHABLE) {
                    throw e;
                }
                printer.warn(e.getMessage() + "; saved alarms still ring; retrying in 10 s");
                if (stop.await(10, TimeUnit.SECONDS)) {
                    return null;
                }
            }
        }
    }

    /**
     * The server asked a question: with {@code --stdin} the next typed line answers it (the SDK sends
     * it under the question's ids); otherwise the microphone opens, on a thread of its own, until
     * StopCapture or the question's timeout.
     */
    private void answer(ReceivedDirective question, DirectivePrinter printer) {
        long timeoutMillis = java.util.Optional.ofNullable(question.payload(
                dev.opencic.protocol.payload.SpeechRecognizer.ExpectSpeech.class).timeoutInMilliseconds()).orElse(7000L);
        if (stdinText) {
            printer.info("Listening for your answer (type it within " + timeoutMillis / 1000 + " s)");
            return;
        }
        DeviceSession session = this.session;
        if (session == null) {
            return;
        }
        Thread t = new Thread(() -> {
            try (MicrophoneInput mic = MicrophoneInput.open()) {
                printer.info("Listening for your answer (up to " + timeoutMillis / 1000 + " s)...");
                recognizer.reset();
                AudioStreamer.recognize(session.client(), session.server(), mic, false, timeoutMillis, recognizer);
            } catch (DeviceException e) {
                if (!warnedNoMicrophone) {
                    warnedNoMicrophone = true;
                    printer.warn(e.getMessage() + "; questions go unanswered (try --stdin)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cic-device-answer");
        t.setDaemon(true);
        t.start();
    }

    /** A daemon thread sending each line of stdin as a text request; errors are printed, not fatal. */
    private void startTyping(DeviceSession session, DirectivePrinter printer, dev.opencic.client.audio.MusicPlayer music,
                             DeviceAlerts alerts) {
        Thread t = new Thread(() -> {
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(main.stdin(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.isBlank()) {
                        continue;
                    }
                    if (line.strip().equals("/like") || line.strip().equals("/unlike")) {
                        if (!screen.press(line.strip().equals("/like"))) {
                            printer.warn("nothing is playing to " + line.strip().substring(1));
                        }
                        continue;
                    }
                    if (line.strip().equals("/stop") && !alerts.ringing().isEmpty()) {
                        stopRinging(alerts, printer);
                        continue;
                    }
                    if (line.strip().startsWith("/")) {
                        String name = line.strip().substring(1).toUpperCase(java.util.Locale.ROOT);
                        try {
                            music.press(dev.opencic.client.audio.MusicPlayer.Button.valueOf(name));
                        } catch (IllegalArgumentException e) {
                            printer.warn("unknown button " + line.strip()
                                    + " (expected: /play, /pause, /resume, /stop, /next, /previous, /like or /unlike)");
                        }
                        continue;
                    }
                    session.client().recognizeText(line.strip()).whenComplete((r, e) -> {
                        if (e != null) {
                            DeviceException d = DeviceException.from(e, session.server());
                            printer.error(d.serverCode(), d.description(), d.getMessage());
                        }
                    });
                }
            } catch (java.io.IOException e) {
                printer.warn("stopped reading stdin: " + e.getMessage());
            }
        }, "cic-device-stdin");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The stop button while alerts ring: asks the server (its StopAlert stops the ringing, on every
     * device of the account); when the server cannot be asked, stops on the device alone.
     */
    private static void stopRinging(DeviceAlerts alerts, DirectivePrinter printer) {
        for (String token : alerts.ringing()) {
            try {
                alerts.requestAlertStop(token).whenComplete((r, e) -> {
                    if (e != null) {
                        printer.warn("the server did not stop the alert (" + e.getMessage() + "); stopping it here");
                        alerts.stopRinging(token);
                    }
                });
            } catch (IllegalArgumentException | IllegalStateException e) {
                alerts.stopRinging(token); // gone meanwhile, or no client yet
            }
        }
    }

    /**
     * The saved alarms and timers, also taking {@code System.SynchronizeState}: its {@code allAlerts}
     * (the older form of {@code Alerts.SynchronizeAlert}, same payload) replaces them the same way.
     */
    static final class DeviceAlerts extends LocalAlertsAgent {
        DeviceAlerts(java.nio.file.Path storeFile, Ringer ringer, java.time.Duration ringFor, java.time.Clock clock) {
            super(storeFile, ringer, ringFor, clock);
        }

        /** The System agent; the printer shows the directive ("SynchronizeState: N alarm(s) and timer(s)"). */
        dev.opencic.client.agent.SystemAgent systemAgent() {
            return new dev.opencic.client.agent.SystemAgent() {
                @Override
                protected void onSynchronizeState(ReceivedDirective directive, AgentHost host) {
                    onSynchronizeAlert(directive, host);
                }
            };
        }
    }
}
