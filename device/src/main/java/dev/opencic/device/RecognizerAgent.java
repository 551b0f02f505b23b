package dev.opencic.device;

import dev.opencic.client.AgentHost;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.client.agent.SpeechRecognizerAgent;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The device's {@code SpeechRecognizer} agent: {@code StopCapture} (from the response or the
 * downchannel) tells the streaming loop of {@code ask}/{@code listen} to stop sending audio. The
 * printer shows the directive; this only signals.
 */
final class RecognizerAgent extends SpeechRecognizerAgent {

    private volatile CountDownLatch stop = new CountDownLatch(1);

    @Override
    protected void onStopCapture(ReceivedDirective directive, AgentHost client) {
        stop.countDown();
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
