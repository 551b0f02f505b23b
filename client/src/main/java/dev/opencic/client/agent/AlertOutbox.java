package dev.opencic.client.agent;

import dev.opencic.client.AgentHost;
import dev.opencic.client.CicException;
import dev.opencic.client.ConnectionListener;
import dev.opencic.client.ConnectionState;
import dev.opencic.protocol.payload.Alerts;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code Alerts} reports a {@link LocalAlertsAgent} has not sent yet, oldest first: sent one at a
 * time whenever the client is connected, each answer sending the next. A report the server rejects
 * for good (a 4xx other than 401 and 412) is dropped; any other failure leaves it for the next
 * connection. On every new connection a {@code RequestSynchronizeAlert} goes out after the ones
 * already queued, so the server first learns what rang while offline. Guarded by the agent's lock,
 * which the store's {@code changed} callback also takes.
 */
final class AlertOutbox extends ConnectionListener {

    private static final Logger log = LoggerFactory.getLogger(AlertOutbox.class);

    private final Deque<AlertStore.Report> reports = new ArrayDeque<>();
    private final Object lock;
    private final Runnable changed;
    private AgentHost host;
    private boolean sending;

    /** An outbox holding {@code unsent}; {@code changed} runs (holding {@code lock}) whenever it changes. */
    AlertOutbox(List<AlertStore.Report> unsent, Object lock, Runnable changed) {
        this.reports.addAll(unsent);
        this.lock = lock;
        this.changed = changed;
    }

    /** Sends through {@code host} from now on, and hears its connection changes. */
    void attach(AgentHost host) {
        synchronized (lock) {
            this.host = host;
            this.sending = false;
            host.addConnectionListener(this);
            flush();
        }
    }

    List<AlertStore.Report> unsent() {
        synchronized (lock) {
            return List.copyOf(reports);
        }
    }

    void add(String name, String token, String type) {
        synchronized (lock) {
            reports.add(new AlertStore.Report(name, new Alerts.AlertToken(token, type)));
            changed.run();
            flush();
        }
    }

    @Override
    public void onStateChanged(ConnectionState previous, ConnectionState current) {
        if (current == ConnectionState.CONNECTED) {
            add("RequestSynchronizeAlert", null, null);
        }
    }

    /** Sends the oldest report if connected; its answer sends the next. */
    private void flush() {
        synchronized (lock) {
            AgentHost h = host;
            if (sending || reports.isEmpty() || h == null || h.state() != ConnectionState.CONNECTED) {
                return;
            }
            AlertStore.Report r = reports.peek();
            sending = true;
            CompletableFuture<?> sent;
            try {
                sent = h.send("Alerts", r.name(), r.payload());
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            sent.whenComplete((res, e) -> answered(h, r, e));
        }
    }

    private void answered(AgentHost from, AlertStore.Report r, Throwable e) {
        synchronized (lock) {
            if (from != host) {
                return; // an answer for a client the agent has since left
            }
            sending = false;
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause == null || cause instanceof CicException ce && ce.httpStatus() >= 400 && ce.httpStatus() < 500
                                 && ce.httpStatus() != 401 && ce.httpStatus() != 412) {
                if (cause != null) {
                    log.warn("event=AlertReportRejected name={} status={} description=\"{}\"", r.name(),
                             ((CicException) cause).httpStatus(), ((CicException) cause).description());
                }
                reports.remove(r);
                changed.run();
                flush();
            } else {
                log.info("event=AlertReportDeferred name={} cause={}", r.name(), cause.toString());
            }
        }
    }
}
