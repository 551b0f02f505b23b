package dev.opencic.server.speech.asr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.speech.asr.adaptation.ChannelAdaptation;
import dev.opencic.server.testing.Engines;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-device acoustic adaptation on the real engine and the real sphinxtrain tools: a device's
 * understood utterances make an MLLR transform that only that device's sessions decode with, a
 * decoder switching between devices gets the model as shipped back exactly, and transforms outlive
 * a restart.
 */
class ChannelAdaptationEngineTest {

    static final String KITCHEN = "account-1/kitchen";
    static final String HALL = "account-1/hall";

    @TempDir Path dir;
    PocketSphinxEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** One decoder, so that every session runs on the same one; no channel memory, so scores compare. */
    private PocketSphinxEngine engine(SimpleMeterRegistry meters) {
        return engine(meters, 10);
    }

    private PocketSphinxEngine engine(SimpleMeterRegistry meters, int every) {
        PocketSphinxEngine e = PocketSphinxEngine.builder().poolSize(1).channelMemory(0)
                .domainSentences(DomainSentences.sentences()).adaptation(dir.resolve("adaptation"), every)
                .meterRegistry(meters).build();
        Engines.requireRecognizer(e);
        assertThat(e.learnsChannels()).as("sphinxtrain is installed: " + e.adaptation().unavailableReason()).isTrue();
        return e;
    }

    @Test
    void aDeviceDecodesWithItsOwnTransformAndOtherDevicesWithTheModelAsShipped() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        engine = engine(meters);
        byte[] probe = TestAudio.concat(TestAudio.speak(dir, "awb", "set a timer for five minutes"), TestAudio.silence(800));
        Recognition before = Recognition.run(engine, HALL, probe, Recognition.CHUNK_200MS);

        List<String> understood = List.of("what time is it", "turn up the volume", "play some music by adele",
                "set an alarm for seven am", "what's the weather like today", "stop the music",
                "remind me to buy milk", "turn down the volume", "what day is it", "pause the music");
        for (String words : understood.subList(0, understood.size() - 1)) {
            engine.learn(KITCHEN, TestAudio.concat(TestAudio.speak(dir, "awb", words), TestAudio.silence(500)), words);
        }
        // one short of the ten: nothing to adapt yet, and the device decodes as every other one
        await().atMost(Duration.ofSeconds(30)).until(() -> meters.counter("cic.asr.adaptation.utterances",
                "outcome", "kept").count() == understood.size() - 1);
        assertThat(engine.adaptation().transformOf(KITCHEN)).isNull();

        String last = understood.get(understood.size() - 1);
        engine.learn(KITCHEN, TestAudio.concat(TestAudio.speak(dir, "awb", last), TestAudio.silence(500)), last);
        await().atMost(Duration.ofSeconds(120)).until(() -> engine.adaptation().transformOf(KITCHEN) != null);
        Path transform = engine.adaptation().transformOf(KITCHEN);
        assertThat(meters.counter("cic.asr.adaptation.runs", "outcome", "adapted").count()).isEqualTo(1);

        Recognition kitchen;
        try (RecognitionSession s = engine.open("en", Duration.ofSeconds(5), KITCHEN).get()) {
            kitchen = Recognition.run(s, probe, Recognition.CHUNK_200MS);
            assertThat(((PocketSphinxSession) s).decoder().transform()).isEqualTo(transform);
        }
        Recognition hall;
        try (RecognitionSession s = engine.open("en", Duration.ofSeconds(5), HALL).get()) {
            hall = Recognition.run(s, probe, Recognition.CHUNK_200MS);
            assertThat(((PocketSphinxSession) s).decoder().transform()).isNull();
        }
        // the transform changes the acoustic scores; undone, the hall is decoded exactly as before
        assertThat(kitchen.result.text()).isNotEmpty();
        assertThat(kitchen.result.confidence()).isNotEqualTo(before.result.confidence());
        assertThat(hall.result.text()).isEqualTo(before.result.text());
        assertThat(hall.result.confidence()).isEqualTo(before.result.confidence());

        // a restart keeps the device's transform, and the utterances for its next one
        engine.close();
        engine = engine(new SimpleMeterRegistry());
        assertThat(engine.adaptation().transformOf(KITCHEN)).isEqualTo(transform);
        assertThat(wavFiles()).hasSize(10);
    }

    @Test
    void anUnreadableTransformIsDecodedWithTheModelAsShipped() throws Exception {
        engine = engine(new SimpleMeterRegistry());
        byte[] probe = TestAudio.concat(TestAudio.speak(dir, "slt", "what time is it"), TestAudio.silence(800));
        Recognition expected = Recognition.run(engine, HALL, probe, Recognition.CHUNK_200MS);
        engine.close();
        // a transform cut short on disk (a full disk, an operator's edit)
        Path channelDir = dir.resolve("adaptation").resolve(ChannelAdaptation.key(KITCHEN));
        Files.createDirectories(channelDir);
        Files.writeString(channelDir.resolve("transform-3.mllr"), "1\n3\n13\n1.0 0.0");
        engine = engine(new SimpleMeterRegistry());
        Recognition kitchen = Recognition.run(engine, KITCHEN, probe, Recognition.CHUNK_200MS);
        assertThat(kitchen.result.text()).isEqualTo(expected.result.text());
        assertThat(kitchen.result.confidence()).isEqualTo(expected.result.confidence());
        assertThat(Recognition.run(engine, HALL, probe, Recognition.CHUNK_200MS).result.text()).isEqualTo("what time is it");
    }

    @Test
    void utterancesThatCannotTeachAnythingAreDroppedNotKept() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        engine = engine(meters);
        engine.learn(KITCHEN, TestAudio.silence(50), "what time is it");                  // too short
        engine.learn(KITCHEN, TestAudio.silence(16_000), "what time is it");              // longer than 15 s
        engine.learn(KITCHEN, TestAudio.silence(2000), " ");                               // no words
        engine.learn(null, TestAudio.silence(2000), "what time is it");                    // no device
        assertThat(meters.counter("cic.asr.adaptation.utterances", "outcome", "dropped").count()).isEqualTo(4);
        assertThat(meters.counter("cic.asr.adaptation.utterances", "outcome", "kept").count()).isZero();
    }

    @Test
    void aFailedAdaptationIsTriedAgainOnlyAfterAsManyNewUtterances() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        engine = engine(meters, 3);
        byte[] speech = TestAudio.concat(TestAudio.speak(dir, "rms", "what time is it"), TestAudio.silence(500));
        for (int i = 0; i < 5; i++) {
            engine.learn(KITCHEN, speech, "zqxv blorfing"); // words no dictionary has: nothing to align
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> meters.counter("cic.asr.adaptation.utterances",
                "outcome", "kept").count() == 5 && engine.adaptation().idle());
        assertThat(meters.counter("cic.asr.adaptation.runs", "outcome", "failed").count()).isEqualTo(1);
        assertThat(engine.adaptation().transformOf(KITCHEN)).isNull();
        engine.learn(KITCHEN, speech, "zqxv blorfing");
        await().atMost(Duration.ofSeconds(30)).until(() -> meters.counter("cic.asr.adaptation.runs",
                "outcome", "failed").count() == 2);
    }

    private List<Path> wavFiles() throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("adaptation"))) {
            return files.filter(p -> p.toString().endsWith(".wav")).toList();
        }
    }
}
