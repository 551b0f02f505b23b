package dev.opencic.server.extension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One extension's circuit breaker: after {@link #FAILURES_TO_OPEN} failures in a row it opens, and
 * requests are answered with the apology at once instead of waiting for a webhook that is down; after
 * {@link #OPEN_FOR} (on the server's clock) one request is let through to try it again, and its
 * success closes the breaker. Small on purpose: resilience4j does not resolve here, and this is all a
 * webhook needs.
 */
final class CircuitBreaker {

    static final int FAILURES_TO_OPEN = 5;
    static final Duration OPEN_FOR = Duration.ofSeconds(30);

    private final Clock clock;
    private int failuresInARow;
    private Instant openUntil;
    private boolean trialOut;

    CircuitBreaker(Clock clock) {
        this.clock = clock;
    }

    /** Whether a request may go to the extension now (when half open, only the first one does). */
    synchronized boolean allow() {
        if (openUntil == null) {
            return true;
        }
        if (clock.instant().isBefore(openUntil) || trialOut) {
            return false;
        }
        trialOut = true;
        return true;
    }

    synchronized void succeeded() {
        failuresInARow = 0;
        openUntil = null;
        trialOut = false;
    }

    synchronized void failed() {
        failuresInARow++;
        if (trialOut || failuresInARow >= FAILURES_TO_OPEN) {
            openUntil = clock.instant().plus(OPEN_FOR);
            trialOut = false;
        }
    }

    synchronized boolean isOpen() {
        return openUntil != null;
    }
}
