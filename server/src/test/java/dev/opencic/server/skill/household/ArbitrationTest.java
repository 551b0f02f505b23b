package dev.opencic.server.skill.household;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.server.config.ServerConfig;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.SpokenRequests;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several devices of one account hearing the same utterance (real speech, real recogniser, real
 * HTTP/2): the louder one answers and acts, the other is told StopCapture and gets no answer.
 * Devices of different accounts are never arbitrated against each other.
 */
class ArbitrationTest {

    private static final String PASSWORD = "a long enough password";

    /** What a server arbitrates with unless told otherwise (CicServerExtension turns it off). */
    private static final Duration ARBITRATION_DEFAULT = ServerConfig.builder().build().arbitrationWindow();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(2)
            .asrMaxWait(Duration.ofSeconds(20)).arbitrationWindow(ARBITRATION_DEFAULT));

    @Test
    void arbitrationIsOnByDefaultWith300ms() {
        assertThat(ARBITRATION_DEFAULT).isEqualTo(Duration.ofMillis(300));
    }

    private static byte[] loud;
    private static byte[] quiet;

    @BeforeAll
    static void speech() throws Exception {
        Engines.requireRecognizer(cic.server().asr());
        loud = SpokenRequests.speak("set a timer for five minutes");
        quiet = scaled(loud, 0.2);
    }

    @Test
    void theLouderDeviceAnswersAndActsOnceTheQuieterIsStopped() throws Exception {
        String user = newUser();
        try (TestDevice near = cic.deviceOf(user, PASSWORD, "near-" + UUID.randomUUID());
             TestDevice far = cic.deviceOf(user, PASSWORD, "far-" + UUID.randomUUID())) {
            near.connect();
            StreamedParts farDown = far.connect();
            double losersBefore = counted("cic.arbitration.losers");

            List<StreamedParts> answers = together(List.of(far, near), List.of(quiet, loud), 1);
            List<Directive> farAnswer = answers.get(0).directives();
            List<Directive> nearAnswer = answers.get(1).directives();

            assertThat(nearAnswer).extracting(d -> d.header().qualifiedName())
                    .contains("SpeechSynthesizer.Speak", "Alerts.SetAlert");
            assertThat(farAnswer).as("the quieter device gets no answer and no action").isEmpty();
            assertThat(answers.get(0).status()).isBetween(200, 204);
            assertThat(stopCaptureArrives(farDown)).isTrue();
            assertThat(counted("cic.arbitration.losers")).isEqualTo(losersBefore + 1);
        }
    }

    @Test
    void devicesOfDifferentAccountsAreNotArbitrated() throws Exception {
        try (TestDevice mine = cic.deviceOf(newUser(), PASSWORD, "mine-" + UUID.randomUUID());
             TestDevice theirs = cic.deviceOf(newUser(), PASSWORD, "theirs-" + UUID.randomUUID())) {
            mine.connect();
            theirs.connect();
            double aloneBefore = counted("cic.arbitration.alone");
            List<StreamedParts> answers = together(List.of(mine, theirs), List.of(quiet, loud), 2);
            for (StreamedParts answer : answers) {
                assertThat(answer.directives()).extracting(d -> d.header().qualifiedName()).contains("Alerts.SetAlert");
            }
            assertThat(counted("cic.arbitration.alone")).as("each alone in its account: no window")
                    .isEqualTo(aloneBefore + 2);
        }
    }

    private static List<StreamedParts> together(List<TestDevice> devices, List<byte[]> audio, int contests)
            throws Exception {
        return StreamedTogether.stream(devices, audio, () -> counted("cic.arbitration.decisions"), contests);
    }

    private static boolean stopCaptureArrives(StreamedParts down) throws Exception {
        return StreamedTogether.stopCaptureArrives(down);
    }

    static byte[] scaled(byte[] pcm, double factor) {
        byte[] out = pcm.clone();
        for (int i = 0; i + 1 < out.length; i += 2) {
            int s = (short) ((out[i + 1] << 8) | (out[i] & 0xff));
            int v = (int) Math.round(s * factor);
            out[i] = (byte) v;
            out[i + 1] = (byte) (v >> 8);
        }
        return out;
    }

    private static double counted(String name) {
        var c = cic.server().meters().find(name).counter();
        return c == null ? 0 : c.count();
    }

    private static String newUser() {
        String user = "a" + UUID.randomUUID().toString().substring(0, 8);
        cic.server().auth().accounts().createAccount(user, PASSWORD.toCharArray());
        return user;
    }
}
