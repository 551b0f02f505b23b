package dev.opencic.server.testing;

import dev.opencic.server.speech.FliteLameEngine;
import dev.opencic.server.speech.SpeechSynthesisEngine;
import dev.opencic.server.speech.SpeechSynthesisException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real flite + LAME engine with a gate a test can close: while {@link #hold()} is in force every
 * synthesis call waits inside the engine (holding its synthesis thread) until {@link #release()}.
 * Counts the calls that began and the ones that stopped because the response they wrote to was gone.
 */
public final class GatedSynthesis implements SpeechSynthesisEngine {

    private final FliteLameEngine engine = FliteLameEngine.create();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger stoppedByClosedStream = new AtomicInteger();
    private final List<String> passedTheGate = new CopyOnWriteArrayList<>();
    private final List<String> threadsPassed = new CopyOnWriteArrayList<>();

    /** From now on, synthesis calls wait inside the engine. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    /** Lets every waiting (and later) call through. */
    public void release() {
        gate.countDown();
    }

    /** Synthesis calls that began (the engine was asked for audio). */
    public int started() {
        return started.get();
    }

    /** Calls waiting at the gate now. */
    public int waiting() {
        return waiting.get();
    }

    /** The threads the calls that went through the gate ran on, in the order they did. */
    public List<String> threadsPassed() {
        return List.copyOf(threadsPassed);
    }

    /** The texts of the calls that went through the gate, in the order they did. */
    public List<String> passedTheGate() {
        return List.copyOf(passedTheGate);
    }

    /** Calls that stopped because writing their audio failed (the device's stream was gone). */
    public int stoppedByClosedStream() {
        return stoppedByClosedStream.get();
    }

    @Override
    public String name() {
        return "gated-" + engine.name();
    }

    @Override
    public Set<String> languages() {
        return engine.languages();
    }

    @Override
    public boolean isAvailable() {
        return engine.isAvailable();
    }

    @Override
    public String unavailableReason() {
        return engine.unavailableReason();
    }

    @Override
    public void synthesize(String text, String lang, Mp3Sink sink) throws SpeechSynthesisException {
        started.incrementAndGet();
        waiting.incrementAndGet();
        try {
            if (!gate.await(60, TimeUnit.SECONDS)) {
                throw new SpeechSynthesisException("test gate never opened", SpeechSynthesisException.Kind.FAILED);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechSynthesisException("interrupted at the test gate", e);
        } finally {
            waiting.decrementAndGet();
        }
        passedTheGate.add(text);
        threadsPassed.add(Thread.currentThread().getName());
        engine.synthesize(text, lang, mp3 -> {
            try {
                sink.write(mp3);
            } catch (RuntimeException e) {
                stoppedByClosedStream.incrementAndGet();
                throw e;
            }
        });
    }

    @Override
    public void close() {
        release();
        engine.close();
    }
}
