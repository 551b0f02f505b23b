package dev.opencic.server.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.speech.internal.SpeechNatives;
import dev.opencic.server.testing.Engines;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine with flite worker processes (parallelism above 1): real worker JVMs, real flite and
 * LAME. Needs Debian's libflite1 and libmp3lame0.
 */
class FliteWorkerPoolTest {

    private static final String SENTENCE = "The quick brown fox jumps over the lazy dog near the river.";
    private static final Duration WORKER_START = Duration.ofSeconds(90);

    private FliteLameEngine engine;

    @BeforeEach
    void startEngineWithTwoWorkers() throws Exception {
        Engines.require(SpeechNatives.flite().isLoaded() && SpeechNatives.lame().isLoaded(),
                "libflite or libmp3lame cannot be loaded", Engines.FLITE_PACKAGES + " libmp3lame0");
        engine = FliteLameEngine.builder().parallelism(3).build();
        assertThat(engine.isAvailable()).as(engine.unavailableReason()).isTrue();
        assertThat(engine.parallelism()).isEqualTo(3);
        synthesize(engine, "Hello.");
        assertThat(engine.workerPids()).as("one text at a time needs no worker").isEmpty();
        // two texts at once: the workers start, and the in-process slot serves while they boot. The
        // first text's sink holds it in progress until the second one has been synthesised.
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            Future<byte[]> held = first.submit(() -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                engine.synthesize(SENTENCE, "en", mp3 -> {
                    firstStarted.countDown();
                    try {
                        secondDone.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    out.write(mp3, 0, mp3.length);
                });
                return out.toByteArray();
            });
            assertThat(firstStarted.await(60, TimeUnit.SECONDS)).isTrue();
            byte[] second = synthesize(engine, SENTENCE);
            secondDone.countDown();
            assertThat(Mp3Frames.parse(second).seconds()).isBetween(2.0, 6.0);
            assertThat(Mp3Frames.parse(held.get(60, TimeUnit.SECONDS)).seconds()).isBetween(2.0, 6.0);
        } finally {
            first.shutdownNow();
        }
        await().atMost(WORKER_START).until(() -> engine.workerPids().size() == 2);
    }

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    private static byte[] synthesize(SpeechSynthesisEngine e, String text) throws SpeechSynthesisException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        e.synthesize(text, "en", mp3 -> out.write(mp3, 0, mp3.length));
        return out.toByteArray();
    }

    @Test
    void parallelRequestsEachGetTheirOwnValidMp3LikeTheInProcessEngine() throws Exception {
        String[] texts = {
            SENTENCE,
            "Set a timer for ten minutes. Done.",
            "Your next meeting is at three thirty, in room four.",
            "Playing music by The Beatles! Enjoy.",
        };
        int[] framesInProcess = new int[texts.length];
        try (FliteLameEngine inProcess = FliteLameEngine.create()) {
            for (int i = 0; i < texts.length; i++) {
                framesInProcess[i] = Mp3Frames.parse(synthesize(inProcess, texts[i])).frames;
            }
        }
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String text = texts[i % texts.length];
                results.add(callers.submit(() -> {
                    go.await();
                    return synthesize(engine, text);
                }));
            }
            go.countDown();
            for (int i = 0; i < results.size(); i++) {
                byte[] mp3 = results.get(i).get(120, TimeUnit.SECONDS);
                assertThat(Mp3Frames.startsWithFrameSync(mp3)).as("request %d starts with a frame sync", i).isTrue();
                Mp3Frames frames = Mp3Frames.parse(mp3);
                assertThat(frames.sampleRate).isEqualTo(16000);
                assertThat(frames.bitrateKbps).isEqualTo(48);
                // same voice, same encoder: the same number of frames as in process (bytes differ:
                // flite's excitation noise is random), and never another request's audio
                assertThat(frames.frames).as("request %d", i).isEqualTo(framesInProcess[i % texts.length]);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aKilledWorkerIsReplacedAndRequestsKeepSucceeding() throws Exception {
        long victim = engine.workerPids().get(0);
        ProcessHandle handle = ProcessHandle.of(victim).orElseThrow();
        handle.destroyForcibly();
        handle.onExit().get(30, TimeUnit.SECONDS);

        for (int i = 0; i < 6; i++) { // some of these may have been routed to the dead worker
            assertThat(Mp3Frames.parse(synthesize(engine, SENTENCE)).seconds()).isBetween(2.0, 6.0);
        }
        await().atMost(WORKER_START).untilAsserted(() ->
                assertThat(engine.workerPids()).hasSize(2).doesNotContain(victim));
        for (long pid : engine.workerPids()) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
        }
    }

    @Test
    void aCallerThatStopsReadingCancelsTheWorkerWhichThenServesTheNextRequest() throws Exception {
        List<Long> workers = engine.workerPids();
        String longText = "This answer is long. ".repeat(40);
        AtomicInteger failures = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> abandoned = new ArrayList<>();
            for (int i = 0; i < 3; i++) { // one per slot, so both workers see a cancel
                abandoned.add(callers.submit(() -> {
                    try {
                        engine.synthesize(longText, "en", mp3 -> {
                            throw new IllegalStateException("the device reset its stream");
                        });
                    } catch (SpeechSynthesisException e) {
                        failures.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : abandoned) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(failures).hasValue(3);
        for (int i = 0; i < 6; i++) {
            assertThat(Mp3Frames.parse(synthesize(engine, SENTENCE)).seconds()).isBetween(2.0, 6.0);
        }
        assertThat(engine.workerPids()).as("cancelled workers are reused, not killed").hasSameElementsAs(workers);
    }

    @Test
    void badInputIsReportedAsSuchWithoutAWorkerRoundTripAndTheWorkersStay() {
        List<Long> workers = engine.workerPids();
        assertThatThrownBy(() -> engine.synthesize("  ", "en", mp3 -> {}))
                .isInstanceOfSatisfying(SpeechSynthesisException.class,
                        e -> assertThat(e.kind()).isEqualTo(SpeechSynthesisException.Kind.BAD_INPUT));
        assertThat(engine.workerPids()).hasSameElementsAs(workers);
    }

    @Test
    void closeLeavesNoWorkerProcessBehind() throws Exception {
        List<Long> workers = engine.workerPids();
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid).toList()).containsAll(workers);

        engine.close();

        for (long pid : workers) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("worker %d", pid).isEmpty();
        }
        assertThat(ProcessHandle.current().descendants().map(ProcessHandle::pid).filter(workers::contains))
                .isEmpty();
        assertThat(engine.workerPids()).isEmpty();
        assertThatThrownBy(() -> synthesize(engine, SENTENCE)).hasMessageContaining("closed");
    }
}
