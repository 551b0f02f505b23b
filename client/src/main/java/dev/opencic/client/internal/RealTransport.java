package dev.opencic.client.internal;

import dev.opencic.client.CicException;
import dev.opencic.client.ConnectionListener;
import dev.opencic.client.ConnectionState;
import dev.opencic.client.ReceivedDirective;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport state machine ({@link ConnectionState}) and the downchannel. Each attempt runs on
 * one of the client's shared workers (reading the downchannel blocks it for as long as the
 * downchannel is open); the wait before the next attempt is a timer, not a sleeping thread. It
 * keeps exactly one downchannel open on the client's single HTTP/2 connection:
 * <ul>
 *   <li>a downchannel that ends without the closing delimiter is reopened at once;</li>
 *   <li>one that the server ends with the closing delimiter was taken over by another client (or
 *       its token revoked): wait at least the server's open window, doubling while it keeps
 *       happening, so two copies of a device do not fight;</li>
 *   <li>errors, {@code 429} and broken connections (including a missing PING ACK, which makes
 *       OkHttp fail the connection) retry after jittered exponential backoff;</li>
 *   <li>{@code 401} refreshes the token once and retries at once.</li>
 * </ul>
 */
public final class RealTransport implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RealTransport.class);
    /** A downchannel open this long counts as healthy: backoff starts over. */
    static final Duration HEALTHY_AFTER = Duration.ofSeconds(10);

    private enum Outcome { ENDED, REPLACED, FAILED }

    private final OkHttpClient downchannelHttp;
    private final HttpUrl base;
    private final AuthManager auth;
    private final ConnectionListener listener;
    private final Executor callbacks;
    private final DirectiveStreamReader.Sink sink;
    private final Backoff backoff;
    private final Backoff takeoverBackoff;
    private final Duration takeoverWindow;
    private final long maxPartBytes;
    private final AtomicInteger opens = new AtomicInteger();

    private final Object lock = new Object();
    private ConnectionState state = ConnectionState.DISCONNECTED;
    private CompletableFuture<Void> connected = new CompletableFuture<>();
    private final ClientExecutors executors;
    private Call currentCall;
    private boolean started;
    private Future<?> retry;
    private Throwable lastFailure;
    private Throwable shutdownCause;

    /** A transport for one device; nothing happens until {@link #start()}. */
    public RealTransport(OkHttpClient http, HttpUrl base, AuthManager auth, ConnectionListener listener,
                         Executor callbacks, DirectiveStreamReader.Sink sink, Duration initialBackoff,
                         Duration maxBackoff, Duration takeoverWindow, long maxPartBytes, ClientExecutors executors) {
        // the downchannel is silent for minutes: no read timeout (PINGs detect dead connections)
        this.downchannelHttp = http.newBuilder().readTimeout(Duration.ZERO).build();
        this.base = base;
        this.auth = auth;
        this.listener = listener;
        this.callbacks = callbacks;
        this.sink = sink;
        this.backoff = new Backoff(initialBackoff, maxBackoff);
        // doubling from the window up to at least 16 windows: a takeover is not a network blip
        Duration takeoverMax = takeoverWindow.multipliedBy(16);
        this.takeoverBackoff = new Backoff(takeoverWindow,
                maxBackoff.compareTo(takeoverMax) > 0 ? maxBackoff : takeoverMax);
        this.takeoverWindow = takeoverWindow;
        this.maxPartBytes = maxPartBytes;
        this.executors = executors;
    }

    /** Starts the first attempt. */
    public void start() {
        synchronized (lock) {
            if (started) {
                throw new IllegalStateException("already started");
            }
            if (state == ConnectionState.SHUTDOWN) {
                throw new IllegalStateException("closed");
            }
            started = true;
        }
        executors.workers().execute(this::attempt);
    }

    /** The current state. */
    public ConnectionState state() {
        synchronized (lock) {
            return state;
        }
    }

    /** How many times a downchannel request was sent (for diagnostics and tests). */
    public int downchannelOpens() {
        return opens.get();
    }

    /**
     * Completes when the downchannel is open (at once if it is now); fails when the client is
     * closed first.
     */
    public CompletableFuture<Void> whenConnected() {
        synchronized (lock) {
            return connected.copy();
        }
    }

    /**
     * Completes when the downchannel is open, or fails once {@code timeout} has passed: with the
     * last connection failure if that was a {@link CicException}, else with an {@link IOException}
     * naming the server and the timeout, caused by the last failure. Fails at once when the client
     * stops first. The client keeps trying either way.
     */
    public CompletableFuture<Void> whenConnected(Duration timeout) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        whenConnected().whenComplete((r, e) -> {
            if (e == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e);
            }
        });
        if (!result.isDone()) {
            try {
                var timer = executors.schedule(() -> {
                    Throwable last = lastFailure();
                    result.completeExceptionally(last instanceof CicException c ? c
                            : new IOException("not connected to " + base + " after "
                                    + timeout.toMillis() + " ms" + (last != null ? ": " + last : ""), last));
                }, timeout, executors.workers());
                result.whenComplete((r, e) -> timer.cancel(false));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed meanwhile: the connection's future has failed (or is failing) the result
            }
        }
        return result;
    }

    /** The failure of the last attempt, for error messages. */
    public Throwable lastFailure() {
        synchronized (lock) {
            return lastFailure;
        }
    }

    /** One attempt: open the downchannel and read it until it ends; then the next one, maybe after a wait. */
    private void attempt() {
        if (isShutdown()) {
            return;
        }
        setState(ConnectionState.CONNECTING);
        long openedAt = System.nanoTime();
        Outcome outcome;
        Throwable cause = null;
        try {
            outcome = openAndRead();
        } catch (IOException | RuntimeException e) {
            outcome = Outcome.FAILED;
            cause = e;
        }
        if (isShutdown()) {
            return;
        }
        Duration delay = afterAttempt(outcome, cause, Duration.ofNanos(System.nanoTime() - openedAt));
        if (delay == null) {
            setState(ConnectionState.SHUTDOWN);
            return;
        }
        if (delay.isZero()) {
            executors.workers().execute(this::attempt);
            return;
        }
        setState(ConnectionState.WAITING_TO_RETRY);
        synchronized (lock) {
            if (state != ConnectionState.SHUTDOWN) {
                retry = executors.schedule(this::attempt, delay, executors.workers());
            }
        }
    }

    /** Reports how the attempt ended; the wait before the next one, or null to stop for good. */
    private Duration afterAttempt(Outcome outcome, Throwable cause, Duration lived) {
        if (lived.compareTo(HEALTHY_AFTER) >= 0) {
            backoff.reset();
        }
        Duration delay;
        switch (outcome) {
            case ENDED -> {
                delay = lived.compareTo(Duration.ofSeconds(1)) >= 0 ? Duration.ZERO : backoff.next();
                log.info("event=DownchannelEnded lived={} retryIn={}", lived, delay);
            }
            case REPLACED -> {
                if (lived.compareTo(Duration.ofSeconds(60)) >= 0) {
                    takeoverBackoff.reset();
                }
                delay = takeoverBackoff.next(takeoverWindow);
                log.info("event=DownchannelReplaced lived={} retryIn={}", lived, delay);
                Duration d = delay;
                callbacks.execute(() -> listener.onDownchannelReplaced(d));
            }
            default -> {
                boolean storm = cause instanceof CicException c && c.httpStatus() == 429;
                delay = backoff.next(storm ? takeoverWindow : Duration.ZERO);
                log.info("event=DownchannelFailed reason={} retryIn={}", String.valueOf(cause), delay);
                synchronized (lock) {
                    lastFailure = cause;
                }
                Throwable c = cause;
                Duration d = delay;
                if (AuthManager.isRejectedGrant(cause)) {
                    // the refresh token is dead (the store is cleared): retrying cannot help
                    CicException ce = (CicException) cause;
                    log.warn("event=TransportStopped reason={}", ce.getMessage());
                    synchronized (lock) {
                        shutdownCause = ce;
                    }
                    callbacks.execute(() -> listener.onAuthenticationFailed(ce));
                    return null;
                }
                if (cause instanceof CicException ce && ce.httpStatus() == 401) {
                    callbacks.execute(() -> listener.onAuthenticationFailed(ce));
                } else {
                    callbacks.execute(() -> listener.onFailure(c, d));
                }
            }
        }
        return delay;
    }

    private Outcome openAndRead() throws IOException {
        String token = auth.accessToken();
        for (int attempt = 0; ; attempt++) {
            Call call = downchannelHttp.newCall(new Request.Builder().url(base.resolve("/v1/directives"))
                    .header("Authorization", "Bearer " + token).get().build());
            synchronized (lock) {
                if (state == ConnectionState.SHUTDOWN) {
                    return Outcome.ENDED;
                }
                currentCall = call;
            }
            opens.incrementAndGet();
            try (Response response = call.execute()) {
                if (response.code() == 401 && attempt == 0) {
                    log.info("event=DownchannelUnauthorized action=refresh");
                    token = auth.refresh(token).accessToken();
                    continue;
                }
                if (!response.isSuccessful()) {
                    throw EventCalls.error(response);
                }
                String contentType = Objects.requireNonNullElse(response.header("Content-Type"), "");
                DirectiveStreamReader reader = new DirectiveStreamReader(contentType,
                        ReceivedDirective.Source.DOWNCHANNEL, sink, maxPartBytes);
                setState(ConnectionState.CONNECTED);
                log.info("event=DownchannelOpened protocol={}", response.protocol());
                reader.readAll(response.body().byteStream());
                CicException why = reader.lastException();
                if (why != null && why.code() == 401) {
                    // The server ended the downchannel because this device's token was revoked:
                    // an authentication failure, not a takeover by another copy of the device.
                    throw new CicException(401, 401, why.description());
                }
                return reader.isComplete() ? Outcome.REPLACED : Outcome.ENDED;
            } finally {
                synchronized (lock) {
                    currentCall = null;
                }
            }
        }
    }

    private boolean isShutdown() {
        synchronized (lock) {
            return state == ConnectionState.SHUTDOWN;
        }
    }

    private void setState(ConnectionState next) {
        ConnectionState previous;
        CompletableFuture<Void> toComplete = null;
        Throwable why;
        synchronized (lock) {
            why = shutdownCause;
            previous = state;
            if (previous == next || (previous == ConnectionState.SHUTDOWN)) {
                return;
            }
            state = next;
            if (next == ConnectionState.CONNECTED) {
                toComplete = connected;
            } else if (previous == ConnectionState.CONNECTED) {
                connected = new CompletableFuture<>();
            }
            if (next == ConnectionState.SHUTDOWN) {
                toComplete = connected;
                if (retry != null) {
                    retry.cancel(false);
                }
            }
        }
        if (toComplete != null) {
            if (next == ConnectionState.SHUTDOWN) {
                toComplete.completeExceptionally(why != null ? why : new IOException("client closed"));
            } else {
                toComplete.complete(null);
            }
        }
        log.debug("event=StateChanged from={} to={}", previous, next);
        callbacks.execute(() -> listener.onStateChanged(previous, next));
    }

    @Override
    public void close() {
        Call call;
        synchronized (lock) {
            call = currentCall;
        }
        setState(ConnectionState.SHUTDOWN);
        if (call != null) {
            call.cancel();
        }
    }
}
