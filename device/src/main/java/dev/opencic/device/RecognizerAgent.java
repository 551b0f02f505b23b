package dev.opencic.device;

import dev.opencic.client.AgentHost;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.client.agent.SpeechRecognizerAgent;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The device's {@code SpeechRecognizer} agent: {@code StopCapture} (from the response or the
 * downchannel) tells the streaming loop of {@code ask}/{@code listen} to stop sending audio, {@code
 * KeepRecording} lets it send longer than its limit (the speaker paused mid-phrase), and
 * {@code ExpectSpeech} tells {@code run} to listen for the answer. The printer shows the directive;
 * this only signals.
 */
final class RecognizerAgent extends SpeechRecognizerAgent {

    /** Capture time each {@code KeepRecording} adds to the longest capture: the server is still listening. */
    static final long KEEP_RECORDING_EXTRA_MILLIS = 5000;

    private volatile CountDownLatch stop = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicInteger keeps = new java.util.concurrent.atomic.AtomicInteger();
    private volatile java.util.function.Consumer<ReceivedDirective> onQuestion = d -> {};

    /**
     * What to do when the server asks a question ({@code ExpectSpeech}): {@code run} opens the
     * microphone or waits for the next typed line. Called on the directive channel: must not block.
     */
    RecognizerAgent onQuestion(java.util.function.Consumer<ReceivedDirective> action) {
        this.onQuestion = action;
        return this;
    }

    @Override
    protected void onExpectSpeech(ReceivedDirective directive, AgentHost client) {
        onQuestion.accept(directive);
    }

    @Override
    protected void onStopCapture(ReceivedDirective directive, AgentHost client) {
        stop.countDown();
    }

    /** The server heard a pause mid-phrase and needs more audio: the capture goes on (and may run longer). */
    @Override
    protected void onKeepRecording(ReceivedDirective directive, AgentHost client) {
        keeps.incrementAndGet();
    }

    /** A new capture starts: forget the last one's StopCapture and KeepRecording. */
    void reset() {
        stop = new CountDownLatch(1);
        keeps.set(0);
    }

    /** Extra capture time the server asked for with KeepRecording during this capture. */
    long extraMillis() {
        return keeps.get() * KEEP_RECORDING_EXTRA_MILLIS;
    }

    /** Whether StopCapture arrived. */
    boolean stopRequested() {
        return stop.getCount() == 0;
    }

    /** Waits up to {@code millis} for StopCapture; true if it arrived. */
    boolean awaitStop(long millis) throws InterruptedException {
        return millis <= 0 ? stopRequested() : stop.await(millis, TimeUnit.MILLISECONDS);
    }
}
