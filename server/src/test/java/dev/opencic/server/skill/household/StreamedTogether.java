package dev.opencic.server.skill.household;

import static org.awaitility.Awaitility.await;

import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.DoubleSupplier;

/** Several devices hearing one utterance, as the arbitration tests (one node or a cluster) stream it. */
final class StreamedTogether {
    private StreamedTogether() {}

    /**
     * The devices stream their audio at the same time, chunk by chunk, like microphones in one room;
     * the answers are read once {@code contests} more contests were decided ({@code decisions} counts
     * them; recognition on a loaded machine can take longer than a response's header wait).
     */
    static List<StreamedParts> stream(List<TestDevice> devices, List<byte[]> audio, DoubleSupplier decisions,
                                      int contests) throws Exception {
        double decidedBefore = decisions.getAsDouble();
        List<TestDevice.StreamingEvent> events = new ArrayList<>();
        for (TestDevice d : devices) {
            events.add(d.startEvent(TestDevice.metadata("SpeechRecognizer", "Recognize", UUID.randomUUID().toString(),
                    TestDevice.payload().put("lang", "en").put("profile", "FAR_FIELD")
                            .put("format", "AUDIO_L16_RATE_16000_CHANNELS_1"))));
        }
        int length = audio.get(0).length;
        for (int off = 0; off < length; off += 3200) {
            for (int i = 0; i < events.size(); i++) {
                byte[] a = audio.get(i);
                events.get(i).writeAudio(Arrays.copyOfRange(a, off, Math.min(a.length, off + 3200)));
            }
        }
        events.forEach(TestDevice.StreamingEvent::finish);
        await().atMost(Duration.ofSeconds(90)).until(() -> decisions.getAsDouble() >= decidedBefore + contests);
        List<StreamedParts> out = new ArrayList<>();
        for (TestDevice.StreamingEvent e : events) {
            out.add(e.response());
        }
        return out;
    }

    /** Whether a StopCapture arrives on the downchannel within 15 s. */
    static boolean stopCaptureArrives(StreamedParts down) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            StreamedParts.Part p = down.poll(Duration.ofMillis(200));
            if (p != null && p.isJson() && p.directive().header().qualifiedName().equals("SpeechRecognizer.StopCapture")) {
                return true;
            }
        }
        return false;
    }
}
