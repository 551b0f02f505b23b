package dev.opencic.client.internal;

import dev.opencic.client.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the access token when 80% of its lifetime has passed even while the device sends
 * nothing (a device that only listens on its downchannel), so the next request or reconnect never
 * starts with an expired token. Requests also check before they go out; this is the idle path.
 */
public final class TokenRefresher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TokenRefresher.class);
    private static final Duration RETRY = Duration.ofSeconds(30);

    private final AuthManager auth;
    private final Clock clock;
    private final ClientExecutors executors;
    private Future<?> next;
    private boolean closed;

    /** A refresher for {@code auth}'s tokens, timed by {@code clock}; refreshes run on the workers. */
    public TokenRefresher(AuthManager auth, Clock clock, ClientExecutors executors) {
        this.auth = auth;
        this.clock = clock;
        this.executors = executors;
    }

    /** Schedules the first check. */
    public void start() {
        schedule(Duration.ZERO);
    }

    private synchronized void schedule(Duration delay) {
        if (closed) {
            return;
        }
        try {
            next = executors.schedule(this::tick, delay, executors.workers());
        } catch (RejectedExecutionException e) {
            closed = true; // the client closed meanwhile
        }
    }

    private void tick() {
        Duration next;
        try {
            Optional<Tokens> current = auth.current();
            if (current.isEmpty()) {
                next = RETRY; // not logged in (yet): look again later
            } else {
                auth.accessToken(); // refreshes when due
                Tokens t = auth.current().orElseThrow();
                next = Duration.between(clock.instant(), t.refreshDueAt());
                if (next.compareTo(Duration.ofMillis(100)) < 0) {
                    next = Duration.ofMillis(100);
                }
            }
        } catch (Exception e) {
            log.info("event=BackgroundRefreshFailed reason={} retryIn={}", e.toString(), RETRY);
            next = RETRY;
        }
        schedule(next);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (next != null) {
            next.cancel(false);
        }
    }
}
