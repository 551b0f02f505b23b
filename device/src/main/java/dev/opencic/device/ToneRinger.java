package dev.opencic.device;

import dev.opencic.client.agent.LocalAlertsAgent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/**
 * Rings an alert: a line on the console always, and a beeping tone on the default audio output
 * when the machine has one (headless servers and containers usually do not).
 */
final class ToneRinger implements LocalAlertsAgent.Ringer {

    private static final float RATE = 16_000f;

    private final DirectivePrinter printer;
    private final Map<String, Thread> tones = new ConcurrentHashMap<>();

    ToneRinger(DirectivePrinter printer) {
        this.printer = printer;
    }

    @Override
    public void start(LocalAlertsAgent.Alert alert) {
        printer.notice("RINGING: " + alert.type() + " " + alert.token() + " (set for " + alert.scheduledTime() + ")",
                       json("ringing", alert));
        SourceDataLine line = openLine();
        if (line == null) {
            return;
        }
        Thread t = new Thread(() -> beep(line), "alert-tone");
        t.setDaemon(true);
        tones.put(alert.token(), t);
        t.start();
    }

    @Override
    public void stop(LocalAlertsAgent.Alert alert) {
        printer.notice("STOPPED: " + alert.type() + " " + alert.token(), json("stopped", alert));
        Thread t = tones.remove(alert.token());
        if (t != null) {
            t.interrupt();
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode json(String state, LocalAlertsAgent.Alert a) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("alert", state)
                .put("type", a.type()).put("token", a.token()).put("scheduledTime", a.scheduledTime().toString());
    }

    private SourceDataLine openLine() {
        try {
            AudioFormat format = new AudioFormat(RATE, 16, 1, true, false);
            SourceDataLine line = AudioSystem.getSourceDataLine(format);
            line.open(format);
            line.start();
            return line;
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            return null; // no audio output: the console line is the ring
        }
    }

    /** Half a second of 880 Hz, half a second of silence, until interrupted. */
    private static void beep(SourceDataLine line) {
        byte[] tone = new byte[(int) RATE]; // 0.5 s of 16-bit samples
        for (int i = 0; i < tone.length / 2; i++) {
            short s = (short) (Math.sin(2 * Math.PI * 880 * i / RATE) * 8000);
            tone[2 * i] = (byte) s;
            tone[2 * i + 1] = (byte) (s >> 8);
        }
        byte[] silence = new byte[tone.length];
        try {
            while (!Thread.currentThread().isInterrupted()) {
                line.write(tone, 0, tone.length);
                line.write(silence, 0, silence.length);
            }
        } finally {
            line.stop();
            line.close();
        }
    }
}
