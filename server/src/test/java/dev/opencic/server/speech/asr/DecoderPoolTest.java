package dev.opencic.server.speech.asr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.testing.Engines;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pool of one decoder: fair waiting, bounded waits, hand-over on close. */
class DecoderPoolTest {

    static PocketSphinxEngine engine;
    @TempDir static Path dir;

    @BeforeAll
    static void build() {
        engine = PocketSphinxEngine.builder().poolSize(1)
                .domainSentences(DomainSentences.sentences(List.of("what time is it [now]", "remind me to {text}")))
                .build();
        Engines.requireRecognizer(engine);
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void secondWaitsForTheDecoderAndThirdTimesOut() throws Exception {
        RecognitionSession first = engine.open("en", Duration.ofSeconds(1)).get(1, TimeUnit.SECONDS);
        CompletableFuture<RecognitionSession> second = engine.open("en", Duration.ofSeconds(20));
        long t0 = System.nanoTime();
        CompletableFuture<RecognitionSession> third = engine.open("en", Duration.ofMillis(300));
        assertThat(second).isNotDone();
        assertThatThrownBy(() -> third.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RecognizerBusyException.class).hasMessageContaining("busy");
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(250L, 3000L);
        assertThat(second).isNotDone();
        assertThat(engine.waitingSessions()).isEqualTo(1);

        byte[] pcm = TestAudio.concat(TestAudio.speak(dir, "slt", "what time is it"), TestAudio.silence(500));
        Recognition r1 = Recognition.run(first, pcm, 3200);
        first.close();
        RecognitionSession s2 = second.get(2, TimeUnit.SECONDS);
        Recognition r2 = Recognition.run(s2, pcm, 3200);
        s2.close();
        assertThat(r1.result.text()).isEqualTo("what time is it");
        assertThat(r2.result.text()).isEqualTo("what time is it");
        assertThat(engine.busyDecoders()).isZero();
        assertThat(engine.waitingSessions()).isZero();
    }

    @Test
    void aRebuiltModelServesLaterSessionsWhileTheOneInFlightFinishesOnTheOld() throws Exception {
        RecognitionSession inFlight = engine.open("en", Duration.ofSeconds(1)).get(1, TimeUnit.SECONDS);
        CompletableFuture<RecognitionSession> waiting = engine.open("en", Duration.ofSeconds(120));
        assertThat(engine.extendDomain(List.of("open zorblax", "open zorblax please")).get(120, TimeUnit.SECONDS))
                .isTrue();
        // the waiting caller has a decoder of the new model though the old one is still leased
        RecognitionSession fresh = waiting.get(5, TimeUnit.SECONDS);
        assertThat(engine.poolSize()).isEqualTo(2);
        Recognition old = Recognition.run(inFlight,
                TestAudio.concat(TestAudio.speak(dir, "slt", "what time is it"), TestAudio.silence(500)), 3200);
        inFlight.close();
        assertThat(old.result.text()).isEqualTo("what time is it");
        assertThat(engine.poolSize()).as("the old model's decoder is freed once its utterance ended").isEqualTo(1);
        Recognition rebuilt = Recognition.run(fresh,
                TestAudio.concat(TestAudio.speak(dir, "slt", "open zorblax please"), TestAudio.silence(500)), 3200);
        fresh.close();
        assertThat(rebuilt.result.text()).as("a word no dictionary has, known since the rebuild").contains("zorblax");
        assertThat(engine.busyDecoders()).isZero();
    }

    @Test
    void waitersAreServedInArrivalOrder() throws Exception {
        RecognitionSession holder = engine.open("en", Duration.ofSeconds(1)).get(1, TimeUnit.SECONDS);
        CompletableFuture<RecognitionSession> a = engine.open("en", Duration.ofSeconds(20));
        CompletableFuture<RecognitionSession> b = engine.open("en", Duration.ofSeconds(20));
        CompletableFuture<RecognitionSession> c = engine.open("en", Duration.ofSeconds(20));
        holder.close();
        RecognitionSession sa = a.get(2, TimeUnit.SECONDS);
        assertThat(b).isNotDone();
        assertThat(c).isNotDone();
        sa.close();
        RecognitionSession sb = b.get(2, TimeUnit.SECONDS);
        assertThat(c).isNotDone();
        sb.close();
        c.get(2, TimeUnit.SECONDS).close();
        assertThat(engine.busyDecoders()).isZero();
    }

    @Test
    void aWaiterThatGivesUpLeavesTheQueue() throws Exception {
        RecognitionSession holder = engine.open("en", Duration.ofSeconds(1)).get(1, TimeUnit.SECONDS);
        CompletableFuture<RecognitionSession> quitter = engine.open("en", Duration.ofSeconds(20));
        CompletableFuture<RecognitionSession> next = engine.open("en", Duration.ofSeconds(20));
        quitter.cancel(false);
        assertThat(engine.waitingSessions()).isEqualTo(1);
        holder.close();
        next.get(2, TimeUnit.SECONDS).close();
        assertThat(engine.busyDecoders()).isZero();
    }

    @Test
    void zeroWaitFailsAtOnceWhenBusy() throws Exception {
        try (RecognitionSession holder = engine.open("en", Duration.ZERO).get(1, TimeUnit.SECONDS)) {
            assertThat(holder).isNotNull();
            assertThatThrownBy(() -> engine.open("en", Duration.ZERO).get(1, TimeUnit.SECONDS))
                    .cause().isInstanceOf(RecognizerBusyException.class);
        }
    }

    @Test
    void closingWithoutFinishingAndAfterAFailureNeverLeaksTheDecoder() throws Exception {
        RecognitionSession s = engine.open("en", Duration.ofSeconds(1)).get(1, TimeUnit.SECONDS);
        s.feed(TestAudio.noise(500, -30, 3));
        s.close();
        await().atMost(Duration.ofSeconds(3)).until(() -> engine.busyDecoders() == 0);
        try (RecognitionSession again = engine.open("en", Duration.ofSeconds(3)).get(3, TimeUnit.SECONDS)) {
            RecognitionResult r = again.finish();
            assertThat(r.text()).isEmpty();
            assertThat(r.speechDetected()).isFalse();
            assertThatThrownBy(() -> again.feed(new byte[2])).isInstanceOf(IllegalStateException.class);
            assertThat(again.finish()).isSameAs(r);
        }
        assertThat(engine.busyDecoders()).isZero();
        assertThat(engine.poolSize()).isEqualTo(1);
    }

    @Test
    void aBrokenDecoderIsRebuiltBeforeItIsHandedOutAgain() throws Exception {
        byte[] pcm = TestAudio.concat(TestAudio.speak(dir, "rms", "what time is it"), TestAudio.silence(500));
        PocketSphinxSession s = (PocketSphinxSession) engine.open("en", Duration.ofSeconds(1)).get(1, TimeUnit.SECONDS);
        PocketSphinxDecoder old = s.decoder();
        s.feed(java.util.Arrays.copyOf(pcm, 16000));
        old.markBroken(); // as after a failed native call
        CompletableFuture<RecognitionSession> next = engine.open("en", Duration.ofSeconds(20));
        s.close();
        PocketSphinxSession s2 = (PocketSphinxSession) next.get(20, TimeUnit.SECONDS);
        assertThat(s2.decoder()).isNotSameAs(old);
        assertThat(s2.decoder().broken()).isFalse();
        Recognition r = Recognition.run(s2, pcm, 3200);
        s2.close();
        assertThat(r.result.text()).isEqualTo("what time is it");
        assertThat(engine.poolSize()).isEqualTo(1);
        assertThat(engine.busyDecoders()).isZero();
    }

    @Test
    void cancelFromAnotherThreadDuringFeedingFreesTheDecoder() throws Exception {
        byte[] pcm = TestAudio.concat(TestAudio.speak(dir, "slt", "remind me to walk the dog"), TestAudio.silence(300));
        RecognitionSession s = engine.open("en", Duration.ofSeconds(1)).get(1, TimeUnit.SECONDS);
        java.util.concurrent.atomic.AtomicReference<Throwable> stopped = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger fed = new java.util.concurrent.atomic.AtomicInteger();
        Thread feeder = new Thread(() -> {
            try {
                for (int round = 0; round < 1000; round++) {
                    for (int off = 0; off + 3200 <= pcm.length; off += 3200) {
                        s.feed(java.util.Arrays.copyOfRange(pcm, off, off + 3200));
                        fed.incrementAndGet();
                    }
                }
            } catch (Throwable t) {
                stopped.set(t);
            }
        });
        feeder.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> fed.get() >= 5); // well into the utterance
        s.cancel(); // never waits for the feed in progress
        feeder.join(5000);
        assertThat(stopped.get()).isInstanceOf(IllegalStateException.class);
        await().atMost(Duration.ofSeconds(3)).until(() -> engine.busyDecoders() == 0);
        try (RecognitionSession next = engine.open("en", Duration.ofSeconds(3)).get(3, TimeUnit.SECONDS)) {
            assertThat(Recognition.run(next, pcm, 3200).result.text()).isEqualTo("remind me to walk the dog");
        }
    }

    @Test
    void aSessionDoesNotInheritStateFromThePreviousUserOfItsDecoder() throws Exception {
        byte[] x = reminder();
        byte[] loudNoiseThenSpeech = loudNoiseThenSpeech();
        RecognitionResult first = Recognition.run(engine, x, 6400).result;
        Recognition.run(engine, loudNoiseThenSpeech, 6400);
        RecognitionResult again = Recognition.run(engine, x, 6400).result;
        // same decoder (pool of one), same audio: same words and the very same score
        assertThat(again.text()).isEqualTo(first.text());
        assertThat(again.confidence()).isEqualTo(first.confidence());
    }

    @Test
    void aDeviceStartsFromWhatItsLastUtteranceLearntAndOnlyItself() throws Exception {
        byte[] x = reminder();
        byte[] loudNoiseThenSpeech = loudNoiseThenSpeech();
        RecognitionResult cold = Recognition.run(engine, x, 6400).result;
        Recognition.run(engine, "kitchen", loudNoiseThenSpeech, 6400);

        // the same decoder (pool of one) decodes for another device, and for none, as if new
        assertThat(Recognition.run(engine, "hall", x, 6400).result.confidence()).isEqualTo(cold.confidence());
        assertThat(Recognition.run(engine, null, x, 6400).result.confidence()).isEqualTo(cold.confidence());
        // the kitchen device starts from the channel its noisy utterance taught the decoder
        RecognitionResult kitchen = Recognition.run(engine, "kitchen", x, 6400).result;
        assertThat(kitchen.confidence()).isNotEqualTo(cold.confidence());
        assertThat(kitchen.text()).isEqualTo("remind me to pick up the kids");
    }

    /** Speech that teaches a decoder a very different channel (4 s of loud noise first). */
    private static byte[] loudNoiseThenSpeech() throws Exception {
        return TestAudio.concat(TestAudio.noise(4000, -20, 3), TestAudio.speak(dir, "rms", "turn up the volume"));
    }

    private static byte[] reminder() throws Exception {
        return TestAudio.concat(TestAudio.speak(dir, "slt", "remind me to pick up the kids"), TestAudio.silence(500));
    }
}
