package dev.opencic.server.admin;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.opencic.server.store.Database;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /healthz} on the device port, unauthenticated, for a load balancer's health checks (a
 * device's {@code /ping} needs a token): {@code 200 ok} when the store answers a trivial query within
 * the timeout, else {@code 503 unavailable}. Nothing else is said: no versions, no error text.
 *
 * <p>Checks arriving while one is in progress share it, so a flood of probes costs one pooled
 * connection, not the pool.
 */
public final class HealthCheckService implements HttpService {

    private static final Logger log = LoggerFactory.getLogger(HealthCheckService.class);

    private final Database database;
    private final Executor blocking;
    private final Duration timeout;
    private final AtomicReference<CompletableFuture<Boolean>> inProgress = new AtomicReference<>();

    public HealthCheckService(Database database, Executor blocking, Duration timeout) {
        this.database = requireNonNull(database, "database");
        this.blocking = requireNonNull(blocking, "blocking");
        this.timeout = requireNonNull(timeout, "timeout");
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        CompletableFuture<HttpResponse> answer = check().copy()
                .completeOnTimeout(false, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(ok -> ok
                        ? HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "ok\n")
                        : HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE, MediaType.PLAIN_TEXT_UTF_8, "unavailable\n"));
        return HttpResponse.of(answer);
    }

    /** The check in progress, or a new one. */
    private CompletableFuture<Boolean> check() {
        while (true) {
            CompletableFuture<Boolean> running = inProgress.get();
            if (running != null) {
                return running;
            }
            CompletableFuture<Boolean> mine = new CompletableFuture<>();
            if (inProgress.compareAndSet(null, mine)) {
                try {
                    blocking.execute(() -> probe(mine));
                } catch (RuntimeException e) {
                    inProgress.set(null);
                    mine.complete(false);
                }
                return mine;
            }
        }
    }

    private void probe(CompletableFuture<Boolean> result) {
        boolean ok;
        try {
            database.ping();
            ok = true;
        } catch (RuntimeException e) {
            log.warn("event=HealthCheckFailed reason=\"{}\"", e.getMessage());
            ok = false;
        }
        inProgress.compareAndSet(result, null);
        result.complete(ok);
    }
}
