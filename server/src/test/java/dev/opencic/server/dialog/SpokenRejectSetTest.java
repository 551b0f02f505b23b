package dev.opencic.server.dialog;

import static dev.opencic.server.dialog.RejectSetTest.STATE_CHANGES;
import static dev.opencic.server.skill.SkillTestSupport.names;
import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.SpokenRequests;
import dev.opencic.server.testing.TestDevice;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Zero false actions on sounds with no request in them, heard by the real recogniser over HTTP/2:
 * rejects the recogniser hears, unsure, as requests; the reject set's speech played backwards
 * (speech's spectrum and rhythm, no words); white noise at several levels. Whatever PocketSphinx makes of them, the confidence gate must keep them from
 * creating or deleting anything; the account holds an alarm, a memo and a reminder, so a wrong
 * deletion would show. (The thresholds come from {@code ConfidenceRoc} on the generated corpus, see
 * docs/benchmarks-asr.md; the decisions at given confidences are {@link ConfidenceGateTest}'s.)
 */
class SpokenRejectSetTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(1));

    /**
     * Rejects the recogniser, unsure, heard as requests in the corpus run of docs/benchmarks-asr.md
     * ("note the um of" as "note the m month" at 0.04, "remind the of the in" as "remind me of him"
     * at 0.30). With the gate taken out (judge always acting) this test fails: "note the um of" in
     * both voices and the backwards weather question are saved as memos.
     */
    static final List<String[]> HEARD_AS_REQUESTS = List.of(new String[] {"slt", "note the um of"},
            new String[] {"rms", "note the um of"}, new String[] {"rms", "open the garage door"},
            new String[] {"rms", "remind the of the in"}, new String[] {"slt", "noodle for penguin"},
            new String[] {"slt", "sideways potato lantern"}, new String[] {"slt", "oh um well"});

    @Test
    void nothingHeardInBackwardsSpeechOrNoiseCreatesOrDeletesAnything() throws Exception {
        try (TestDevice device = cic.deviceOf("u" + UUID.randomUUID().toString().substring(0, 8),
                "a long enough password", "device-" + UUID.randomUUID())) {
            device.connect();
            for (String setup : List.of("set an alarm for 7 am tomorrow", "take a note that the spare key is in the shed",
                    "remind me to call the plumber tomorrow at 9 am")) {
                assertThat(names(say(device, setup))).as(setup).containsAnyElementsOf(STATE_CHANGES);
            }
            List<String> falseActions = new ArrayList<>();
            int heard = 0;
            for (String text : reversedRejects()) {
                byte[] speech = SpokenRequests.pcm("slt", text);
                reverse(speech);
                heard++;
                check(device, "backwards \"" + text + "\"", speech, falseActions);
            }
            for (String[] voiced : HEARD_AS_REQUESTS) {
                heard++;
                check(device, voiced[0] + " saying \"" + voiced[1] + "\"", SpokenRequests.pcm(voiced[0], voiced[1]),
                        falseActions);
            }
            Random random = new Random(18);
            for (int dbfs : new int[] {-20, -30, -40}) {
                heard++;
                check(device, "white noise " + dbfs + " dBFS", whiteNoise(dbfs, random), falseActions);
            }
            assertThat(heard).isGreaterThanOrEqualTo(20);
            assertThat(falseActions).as("false actions on %d sounds without a request", heard).isEmpty();
        }
    }

    private static void check(TestDevice device, String what, byte[] pcm, List<String> falseActions) throws Exception {
        List<Directive> answer = recognize(device, pcm);
        List<String> changes = names(answer).stream().filter(STATE_CHANGES::contains).toList();
        if (!changes.isEmpty()) {
            falseActions.add(what + " -> " + changes + " (" + words(answer) + ")");
        }
    }

    /** Streams the audio, with half a second of silence on either side, as one Recognize event. */
    private static List<Directive> recognize(TestDevice device, byte[] pcm) throws Exception {
        byte[] audio = new byte[16_000 + pcm.length + 16_000];
        System.arraycopy(pcm, 0, audio, 16_000, pcm.length);
        TestDevice.StreamingEvent event = device.startEvent(TestDevice.metadata("SpeechRecognizer", "Recognize",
                MessageIds.newId(), TestDevice.payload().put("lang", "en").put("profile", "CLOSE_TALK")
                        .put("format", "AUDIO_L16_RATE_16000_CHANNELS_1")));
        for (int off = 0; off < audio.length; off += 6400) {
            event.writeAudio(Arrays.copyOfRange(audio, off, Math.min(audio.length, off + 6400)));
        }
        event.finish();
        return event.response().directives();
    }

    /** The reject set's lines meant to be played backwards. */
    private static List<String> reversedRejects() throws Exception {
        Path file = Path.of(SpokenRejectSetTest.class.getResource("/nlu/en/reject.tsv").toURI());
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("reversed\t")).map(line -> line.substring("reversed\t".length()).strip())
                .toList();
    }

    /** Reverses 16-bit little-endian samples in place. */
    private static void reverse(byte[] pcm) {
        for (int i = 0, j = pcm.length - 2; i < j; i += 2, j -= 2) {
            byte lo = pcm[i];
            byte hi = pcm[i + 1];
            pcm[i] = pcm[j];
            pcm[i + 1] = pcm[j + 1];
            pcm[j] = lo;
            pcm[j + 1] = hi;
        }
    }

    /** Two seconds of Gaussian white noise at the given RMS level. */
    private static byte[] whiteNoise(int dbfs, Random random) {
        double rms = Math.pow(10, dbfs / 20.0) * 32767;
        ByteBuffer out = ByteBuffer.allocate(2 * 32_000).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 32_000; i++) {
            out.putShort((short) Math.max(-32768, Math.min(32767, Math.round(random.nextGaussian() * rms))));
        }
        return out.array();
    }
}
