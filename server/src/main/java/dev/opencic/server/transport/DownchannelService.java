package dev.opencic.server.transport;

import com.linecorp.armeria.common.CommonPools;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.auth.AccessTokenVerifier;
import dev.opencic.server.auth.AccessTokenVerifier.VerifiedToken;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/directives}: opens the device's downchannel and keeps it open -- as long as the
 * access token it was opened with stays valid. A revoked token closes it at once (the token
 * service's revocation listener); an expired one is found by a sweep every second over the open
 * downchannels, which asks the verifier (and so reads the server's injected clock), and the
 * downchannel ends with a {@code System.Exception} 401.
 */
public final class DownchannelService implements HttpService {

    private static final Logger log = LoggerFactory.getLogger(DownchannelService.class);
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

    private final DownchannelRegistry registry;
    private final AccessTokenVerifier verifier;
    /** Open downchannels and the token answer each was opened with. */
    private final ConcurrentHashMap<Downchannel, Watched> watched = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final ConnectionPings pings;
    private final Executor pushSynthesis;

    private static final class Watched {
        final String token;
        volatile VerifiedToken verified;

        Watched(String token, VerifiedToken verified) {
            this.token = token;
            this.verified = verified;
        }
    }

    public DownchannelService(DownchannelRegistry registry) {
        this(registry, null);
    }

    /** @param verifier the verifier the bearer-token decorator uses; null: downchannels never expire */
    public DownchannelService(DownchannelRegistry registry, AccessTokenVerifier verifier) {
        this(registry, verifier, null);
    }

    /** @param pings the server's connection PINGs, which confirm reads ({@link Downchannel#sendAndConfirm}); null: none */
    public DownchannelService(DownchannelRegistry registry, AccessTokenVerifier verifier, ConnectionPings pings) {
        this(registry, verifier, pings, null);
    }

    /**
     * @param pushSynthesis where pushed replies' attachments (speech) are produced: the synthesis
     *                      stage's {@linkplain dev.opencic.server.admission.Stage#background() background};
     *                      null: the request's blocking executor
     */
    public DownchannelService(DownchannelRegistry registry, AccessTokenVerifier verifier, ConnectionPings pings,
                              Executor pushSynthesis) {
        this.registry = registry;
        this.verifier = verifier;
        this.pings = pings;
        this.pushSynthesis = pushSynthesis;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        DeviceIdentity device = CicAttrs.device(ctx);
        if (device == null) {
            throw new IllegalStateException("DownchannelService must be decorated with BearerTokenAuthService");
        }
        // A downchannel lives as long as the device stays connected and its token valid.
        ctx.clearRequestTimeout();
        CompletableFuture<Boolean> admitted = registry.admitOpen(device);
        if (admitted.isDone()) {
            return open(ctx, req, device, admitted.join());
        }
        // Cluster mode: the open-rate count is in Redis; the event loop does not wait for it.
        return HttpResponse.of(admitted.thenApplyAsync(ok -> {
            try {
                return open(ctx, req, device, ok);
            } catch (CicException e) {
                req.abort();
                return SystemExceptions.response(e);
            }
        }, ctx.eventLoop()));
    }

    private HttpResponse open(ServiceRequestContext ctx, HttpRequest req, DeviceIdentity device, boolean admitted) {
        if (!admitted) {
            log.info("event=DownchannelRateLimited device={}", device.deviceId());
            throw LocalDownchannelRegistry.tooManyOpens();
        }
        HttpResponseWriter response = HttpResponse.streaming();
        Downchannel downchannel = new Downchannel(device, response,
                pushSynthesis == null ? ctx.blockingTaskExecutor() : pushSynthesis, pings,
                pings == null ? null : pings.channelOf(ctx));
        registry.register(downchannel); // throws 429 before anything is written
        downchannel.start();
        log.info("event=DownchannelOpened device={}", device.deviceId());
        watch(downchannel, BearerTokenAuthService.bearerToken(req.headers().get(HttpHeaderNames.AUTHORIZATION)));
        downchannel.whenClosed().handle((v, e) -> {
            watched.remove(downchannel);
            log.info("event=DownchannelClosed device={}", device.deviceId());
            return null;
        });
        req.abort(); // a GET has no body to wait for
        return response;
    }

    private void watch(Downchannel downchannel, String token) {
        if (verifier == null || token == null) {
            return;
        }
        // The decorator has just verified this token: the answer comes from the cache.
        verifier.verifyToken(token).thenAccept(verified -> {
            if (verified.isEmpty()) {
                expire(downchannel);
            } else if (downchannel.isOpen()) {
                watched.put(downchannel, new Watched(token, verified.get()));
                startSweeping();
            }
        });
    }

    /** One timer for all downchannels, running only while some are open. */
    private void startSweeping() {
        if (sweeping.compareAndSet(false, true)) {
            CommonPools.workerGroup().next().schedule(this::sweep, SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void sweep() {
        try {
            watched.forEach((downchannel, w) -> {
                if (!downchannel.isOpen()) {
                    watched.remove(downchannel);
                } else if (!verifier.isStillValid(w.verified)) {
                    // Expired, or some token was revoked since: ask again (a cache hit unless expired).
                    verifier.verifyToken(w.token).thenAccept(again -> {
                        if (again.isEmpty()) {
                            expire(downchannel);
                        } else {
                            w.verified = again.get();
                        }
                    });
                }
            });
        } catch (RuntimeException e) {
            log.warn("event=DownchannelSweepFailed cause={}", e.toString());
        } finally {
            sweeping.set(false);
            if (!watched.isEmpty()) {
                startSweeping();
            }
        }
    }

    private void expire(Downchannel downchannel) {
        watched.remove(downchannel);
        if (downchannel.isOpen()) {
            log.info("event=DownchannelTokenExpired device={}", downchannel.device().deviceId());
            registry.close(downchannel.device(), 401, "access token expired or revoked; refresh it and reconnect");
        }
    }

    /** Open downchannels this service still checks the tokens of (for tests). */
    int watchedCount() {
        return watched.size();
    }

}
