package dev.opencic.client.internal;

import dev.opencic.protocol.payload.SpeechRecognizer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follow-up the server asked for with {@code SpeechRecognizer.ExpectSpeech}, while the device
 * listens for it. The next recognition answers it ({@link #take}): under the question's
 * dialogRequestId (the 2017 rule) with {@code speechId} = its {@code expectSpeechId} (the 2018
 * rule), so either kind of server finds the question. If none starts within the directive's {@code
 * timeoutInMilliseconds} (at most the client's cap), the listening ends and {@code onTimedOut} is
 * told the dialogRequestId, to send {@code ExpectSpeechTimedOut}.
 */
public final class ExpectedSpeech {

    private static final Logger log = LoggerFactory.getLogger(ExpectedSpeech.class);

    /**
     * When the directive names no timeout: the reference makes {@code timeoutInMilliseconds}
     * mandatory and gives 7000 ms in its example; we take that.
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(7000);

    /** A question waiting for its answer. */
    public record Question(String dialogRequestId, String expectSpeechId, Boolean explicit, Duration timeout) {}

    private final ClientExecutors executors;
    private final Executor timeouts;
    private final Duration cap;
    private final Consumer<Question> onTimedOut;
    private Question waiting;
    private Future<?> timer;

    /**
     * @param cap        the longest the client listens, whatever the directive says (null: no cap)
     * @param onTimedOut told of a question nobody answered in time (on a worker thread)
     */
    public ExpectedSpeech(ClientExecutors executors, Duration cap, Consumer<Question> onTimedOut) {
        this.executors = executors;
        this.timeouts = executors.serial("cic-expect-speech");
        this.cap = cap;
        this.onTimedOut = onTimedOut;
    }

    /** An {@code ExpectSpeech} of {@code dialogRequestId} is being processed: the device listens from now. */
    public void expect(String dialogRequestId, SpeechRecognizer.ExpectSpeech directive) {
        if (dialogRequestId == null) {
            // Nothing to answer under: a follow-up needs the question's dialog.
            log.info("event=ExpectSpeechIgnored reason=\"no dialogRequestId\"");
            return;
        }
        Duration timeout = directive.timeoutInMilliseconds() != null && directive.timeoutInMilliseconds() > 0
                ? Duration.ofMillis(directive.timeoutInMilliseconds()) : DEFAULT_TIMEOUT;
        if (cap != null && timeout.compareTo(cap) > 0) {
            timeout = cap;
        }
        Question q = new Question(dialogRequestId, directive.expectSpeechId(), directive.explicit(), timeout);
        synchronized (this) {
            cancelTimer();
            waiting = q;
            timer = executors.schedule(() -> timedOut(q), timeout, timeouts);
        }
    }

    /** The question the device listens for an answer to now, if any. */
    public synchronized Optional<Question> waiting() {
        return Optional.ofNullable(waiting);
    }

    /**
     * Takes the waiting question for the recognition starting now (which answers it), if one is
     * waiting and still in time.
     */
    public synchronized Optional<Question> take() {
        Question q = waiting;
        waiting = null;
        cancelTimer();
        return Optional.ofNullable(q);
    }

    /** Forgets the waiting question (a new dialog that does not answer it, or the client closing). */
    public synchronized void clear() {
        waiting = null;
        cancelTimer();
    }

    private void timedOut(Question q) {
        synchronized (this) {
            if (waiting != q) {
                return; // answered or replaced meanwhile
            }
            waiting = null;
            timer = null;
        }
        log.info("event=ExpectSpeechTimedOut dialogRequestId={} timeout={}", q.dialogRequestId(), q.timeout());
        onTimedOut.accept(q);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
