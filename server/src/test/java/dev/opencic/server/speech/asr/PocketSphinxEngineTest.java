package dev.opencic.server.speech.asr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opencic.server.testing.Engines;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real engine (Debian's PocketSphinx) on speech synthesised by the flite CLI. */
class PocketSphinxEngineTest {

    static SimpleMeterRegistry registry = new SimpleMeterRegistry();
    static PocketSphinxEngine engine;
    @TempDir static Path dir;

    @BeforeAll
    static void buildEngine() {
        engine = PocketSphinxEngine.builder()
                .poolSize(2)
                .domainSentences(DomainSentences.sentences())
                .meterRegistry(registry)
                .build();
        Engines.requireRecognizer(engine);
        System.out.printf("decoder init %d ms, ~%d MB native heap per decoder%n",
                engine.decoderInitTime().toMillis(), engine.memoryPerDecoderBytes() / (1024 * 1024));
    }

    @AfterAll
    static void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    static byte[] speech(String voice, String text, int trailingSilenceMs) throws Exception {
        return TestAudio.concat(TestAudio.speak(dir, voice, text), TestAudio.silence(trailingSilenceMs));
    }

    @ParameterizedTest
    @ValueSource(strings = {"slt", "rms"})
    void templatedCommandIsRecognisedExactly(String voice) throws Exception {
        Recognition r = Recognition.run(engine, speech(voice, "what time is it", 600), Recognition.CHUNK_200MS);
        assertThat(r.result.text()).isEqualTo("what time is it");
        assertThat(r.result.speechDetected()).isTrue();
        assertThat(r.result.confidence()).isBetween(0.0, 1.0).isGreaterThan(0.0);
    }

    @Test
    void freeTextSentenceHasLowWordErrorRate() throws Exception {
        String ref = "remind me to buy a birthday present for my brother on saturday";
        double total = 0;
        for (String voice : List.of("slt", "rms")) {
            Recognition r = Recognition.run(engine, speech(voice, ref, 600), Recognition.CHUNK_200MS);
            double wer = Recognition.wer(ref, r.result.text());
            System.out.printf("free text, %s: '%s' WER %.2f%n", voice, r.result.text(), wer);
            total += wer;
        }
        assertThat(total / 2).isLessThanOrEqualTo(0.20);
    }

    @Test
    void partialHypothesesArriveBeforeTheEnd() throws Exception {
        byte[] pcm = speech("slt", "remind me to pick up the kids from school", 800);
        Recognition r = Recognition.run(engine, pcm, Recognition.CHUNK_200MS);
        int lastChunk = r.updates.size() - 1;
        List<String> partials = new ArrayList<>();
        int firstPartialChunk = -1;
        for (int i = 0; i < r.updates.size(); i++) {
            if (r.updates.get(i).hasPartial()) {
                partials.add(r.updates.get(i).partialText());
                if (firstPartialChunk < 0) {
                    firstPartialChunk = i;
                }
            }
        }
        System.out.println("partials: " + partials);
        assertThat(partials.size()).isGreaterThanOrEqualTo(3);
        assertThat(firstPartialChunk).isLessThan(lastChunk - 3);
        assertThat(partials.get(0)).isNotEqualTo(r.result.text());
        assertThat(Recognition.wer("remind me to pick up the kids from school", r.result.text())).isLessThanOrEqualTo(0.2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"slt", "rms", "awb", "kal16"})
    void endOfSpeechFiresSoonAfterTheLastVoicedFrame(String voice) throws Exception {
        byte[] spoken = TestAudio.speak(dir, voice, "turn down the volume");
        long lastVoiced = TestAudio.lastVoicedMillis(spoken);
        byte[] pcm = TestAudio.concat(spoken, TestAudio.silence(2500));
        // 100 ms chunks: the event can only be seen at a chunk boundary
        Recognition r = Recognition.run(engine, pcm, 3200);
        System.out.printf("%s: last voiced frame at %d ms, end of speech reported at %d ms (+%d ms)%n",
                voice, lastVoiced, r.endOfSpeechAtMillis, r.endOfSpeechAtMillis - lastVoiced);
        assertThat(r.speechStartedAtMillis).isBetween(0L, lastVoiced);
        assertThat(r.endOfSpeechAtMillis).isGreaterThan(lastVoiced - 100).isLessThanOrEqualTo(lastVoiced + 800);
        assertThat(r.updates.stream().filter(RecognitionUpdate::endOfSpeech).count()).isEqualTo(1);
        assertThat(r.result.speechDetected()).isTrue();
    }

    @Test
    void speechAtTheVeryStartOfTheStreamIsNotTakenForTheFalseTrigger() throws Exception {
        // a short command with no leading silence: its segment starts within the warm-up
        Recognition r = Recognition.run(engine, speech("kal16", "stop the music", 1500), 3200);
        assertThat(r.result.speechDetected()).isTrue();
        assertThat(r.endOfSpeechAtMillis).isPositive();
        assertThat(r.result.text()).isEqualTo("stop the music");
    }

    @ParameterizedTest
    @ValueSource(strings = {"silence", "noise-45", "noise-35"})
    void silenceAndSteadyNoiseAreNotSpeech(String kind) throws Exception {
        byte[] pcm = switch (kind) {
            case "silence" -> TestAudio.silence(3000);
            case "noise-45" -> TestAudio.noise(3000, -45, 7);
            default -> TestAudio.noise(3000, -35, 8);
        };
        Recognition r = Recognition.run(engine, pcm, Recognition.CHUNK_200MS);
        assertThat(r.updates).noneMatch(RecognitionUpdate::endOfSpeech);
        assertThat(r.updates).noneMatch(RecognitionUpdate::speechStarted);
        assertThat(r.updates).noneMatch(RecognitionUpdate::hasPartial);
        assertThat(r.result.speechDetected()).isFalse();
        assertThat(r.result.text()).isEmpty();
        assertThat(r.result.confidence()).isZero();
        assertThat(r.result.audioMillis()).isEqualTo(3000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"coldplay", "radiohead"})
    void wordsMissingFromTheDictionaryAreAddedAndRecognised(String artist) throws Exception {
        assertThat(engine.addedWords()).containsKey(artist);
        Recognition r = Recognition.run(engine, speech("slt", "play some " + artist, 600), Recognition.CHUNK_200MS);
        assertThat(r.result.text()).contains(artist);
    }

    @Test
    void oddByteCountsGiveTheSameResultAsEvenOnes() throws Exception {
        byte[] pcm = speech("rms", "what's the weather like tomorrow", 600);
        Recognition even = Recognition.run(engine, pcm, Recognition.CHUNK_200MS);
        Recognition odd = Recognition.run(engine, pcm, 3333);
        Recognition tiny = Recognition.run(engine, pcm, 1);
        assertThat(even.result.text()).isEqualTo("what's the weather like tomorrow");
        assertThat(odd.result.text()).isEqualTo(even.result.text());
        assertThat(tiny.result.text()).isEqualTo(even.result.text());
        assertThat(odd.result.audioMillis()).isEqualTo(even.result.audioMillis());
    }

    @Test
    void concurrentSessionsNeverMixUpResults() throws Exception {
        byte[] a = speech("slt", "what time is it", 500);
        byte[] b = speech("rms", "remind me to water the plants", 500);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                RecognitionSession sa = engine.open("en", Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
                RecognitionSession sb = engine.open("en", Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
                Future<Recognition> fa = pool.submit(() -> Recognition.run(sa, a, 3200));
                Future<Recognition> fb = pool.submit(() -> Recognition.run(sb, b, 3200));
                assertThat(fa.get(60, TimeUnit.SECONDS).result.text()).isEqualTo("what time is it");
                assertThat(fb.get(60, TimeUnit.SECONDS).result.text()).isEqualTo("remind me to water the plants");
                sa.close();
                sb.close();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(engine.busyDecoders()).isZero();
    }

    @Test
    void cancelFreesTheDecoderAtOnce() throws Exception {
        byte[] pcm = speech("slt", "remind me to call my mother tomorrow", 0);
        RecognitionSession s1 = engine.open("en", Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
        RecognitionSession s2 = engine.open("en", Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
        try {
            s1.feed(java.util.Arrays.copyOf(pcm, pcm.length / 2 & ~1));
            CompletableFuture<RecognitionSession> third = engine.open("en", Duration.ofSeconds(10));
            assertThat(third).isNotDone();
            assertThat(engine.waitingSessions()).isEqualTo(1);
            long t0 = System.nanoTime();
            s1.cancel();
            RecognitionSession s3 = third.get(2, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("decoder handed over " + ms + " ms after cancel()");
            assertThat(ms).isLessThan(1000);
            assertThatThrownBy(() -> s1.feed(new byte[320])).isInstanceOf(IllegalStateException.class);
            // the next user of that decoder starts clean
            Recognition r = Recognition.run(s3, speech("rms", "what time is it", 500), 3200);
            assertThat(r.result.text()).isEqualTo("what time is it");
            s3.close();
        } finally {
            s1.close();
            s2.close();
        }
        assertThat(engine.busyDecoders()).isZero();
    }

    @Test
    void aSearchOptionReplacesOneTheEngineSetsItself() {
        // the engine passes -vad_prespeech itself; the library refuses an option given twice
        try (PocketSphinxEngine tuned = PocketSphinxEngine.builder()
                .poolSize(1)
                .withoutGeneralLanguageModel()
                .domainSentences(List.of("what time is it"))
                .searchOption("-vad_prespeech", "30")
                .build()) {
            assertThat(tuned.isAvailable()).as(tuned.unavailableReason()).isTrue();
        }
    }

    @Test
    void unsupportedLanguageFailsWithTheSupportedOnes() {
        CompletableFuture<RecognitionSession> f = engine.open("ja", Duration.ofSeconds(1));
        assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(UnsupportedLanguageException.class).hasMessageContaining("supported: en");
    }

    @Test
    void metricsAreRegistered() throws Exception {
        Recognition.run(engine, speech("slt", "hello there", 300), Recognition.CHUNK_200MS);
        assertThat(registry.get("cic.asr.decoders").gauge().value()).isEqualTo(2);
        assertThat(registry.get("cic.asr.decoders.busy").gauge().value()).isZero();
        assertThat(registry.get("cic.asr.sessions.waiting").gauge().value()).isZero();
        assertThat(registry.get("cic.asr.decoder.memory").gauge().value()).isPositive();
        assertThat(registry.get("cic.asr.channels").tag("engine", "pocketsphinx").gauge().value()).isNotNegative();
        assertThat(registry.get("cic.asr.decode").timer().count()).isPositive();
        assertThat(registry.get("cic.asr.real_time_factor").summary().count()).isPositive();
    }

    @Test
    void realTimeFactorIsMeasured() throws Exception {
        String text = "remind me to send the report to my boss before the meeting on friday";
        byte[] pcm = speech("slt", text, 500);
        Recognition.run(engine, pcm, Recognition.CHUNK_200MS); // warm
        long audio = 0;
        long nanos = 0;
        for (String voice : List.of("slt", "rms", "awb", "kal16")) {
            Recognition r = Recognition.run(engine, speech(voice, text, 500), Recognition.CHUNK_200MS);
            audio += r.result.audioMillis();
            nanos += r.result.processingNanos();
        }
        System.out.printf("real-time factor over %d ms of audio: %.3f%n", audio, nanos / 1e6 / audio);

        // both decoders busy at once, as fast as possible: audio seconds decoded per wall second
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            long t0 = System.nanoTime();
            List<Future<Recognition>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> Recognition.run(engine, pcm, Recognition.CHUNK_200MS)));
            }
            long decoded = 0;
            for (Future<Recognition> f : runs) {
                decoded += f.get(120, TimeUnit.SECONDS).result.audioMillis();
            }
            double wall = (System.nanoTime() - t0) / 1e6;
            System.out.printf("2 decoders in parallel on %d cores: %.1f s of audio per second (~%.0f real-time streams)%n",
                    Runtime.getRuntime().availableProcessors(), decoded / wall, decoded / wall);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void committedWavFixtureIsRecognised() throws Exception {
        byte[] wav = Files.readAllBytes(Path.of(getClass().getResource("/asr/what-time-is-it-slt.wav").toURI()));
        Recognition r = Recognition.run(engine, TestAudio.concat(TestAudio.pcmOfWav(wav), TestAudio.silence(600)),
                Recognition.CHUNK_200MS);
        assertThat(r.result.text()).isEqualTo("what time is it");
    }
}
