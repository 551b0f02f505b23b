package dev.opencic.client.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.client.CicClient;
import dev.opencic.client.CicException;
import dev.opencic.client.ConnectionState;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.client.context.AlertsStateContext;
import dev.opencic.protocol.MessageCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alarms and timers kept and rung by the device itself, so they ring at their time even when the
 * server cannot be reached.
 *
 * <ul>
 *   <li>{@code SetAlert}, {@code DeleteAlert} and {@code SynchronizeAlert} change the alerts, which
 *       are saved to {@code storeFile} at once (and read back when the agent is created).</li>
 *   <li>At an alert's time the {@link Ringer} starts; it stops after {@code ringFor}, on
 *       {@code StopAlert}, or on {@link #stopRinging(String)} (a button). A repeating alarm then moves
 *       to its next day on the device too; a one-off one is removed.</li>
 *   <li>Reports ({@code SetAlertSucceeded}, {@code AlertStarted}, {@code AlertStopped}, ...) go
 *       through an outbox, also saved, that is sent in order whenever the client is connected; on
 *       every (re)connection the agent then sends {@code RequestSynchronizeAlert}.</li>
 *   <li>{@link #context()} is the {@code Alerts.AlertsState} to register with the client.</li>
 * </ul>
 * An alert whose time passed while the device was off rings if it is at most {@code ringFor} late;
 * older ones are dropped (a repeating one moves on to its next day).
 */
public class LocalAlertsAgent extends AlertsAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalAlertsAgent.class);

    /** What ringing means on this device: a tone, a light, a line on the console. */
    public interface Ringer {
        void start(Alert alert);

        void stop(Alert alert);
    }

    /** An alert as the device keeps it. */
    public record Alert(String token, String type, ZonedDateTime scheduledTime, Set<DayOfWeek> daysOfWeek) {
        public Alert {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(scheduledTime, "scheduledTime");
            daysOfWeek = daysOfWeek.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(daysOfWeek));
        }

        public boolean repeats() {
            return !daysOfWeek.isEmpty();
        }
    }

    private record Report(String name, ObjectNode payload) {}

    private final Path storeFile;
    private final Ringer ringer;
    private final Duration ringFor;
    private final Clock clock;
    private final AlertsStateContext context = new AlertsStateContext();
    private final ScheduledExecutorService executor;

    // Touched only on the executor thread.
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final Map<String, ScheduledFuture<?>> timers = new HashMap<>();
    private final Map<String, ScheduledFuture<?>> ringing = new LinkedHashMap<>();
    private final Deque<Report> outbox = new ArrayDeque<>();
    private boolean sending;
    private ConnectionState lastState = ConnectionState.DISCONNECTED;
    private volatile CicClient client;

    /**
     * @param storeFile where the alerts and unsent reports are kept, e.g. {@code <config dir>/alerts.json}
     * @param ringer    what ringing does
     * @param ringFor   how long an alert rings unless stopped
     * @param clock     the device's clock
     */
    public LocalAlertsAgent(Path storeFile, Ringer ringer, Duration ringFor, Clock clock) {
        this.storeFile = Objects.requireNonNull(storeFile, "storeFile");
        this.ringer = Objects.requireNonNull(ringer, "ringer");
        this.ringFor = Objects.requireNonNull(ringFor, "ringFor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-alerts");
            t.setDaemon(true);
            return t;
        });
        call(() -> {
            load();
            alerts.values().forEach(this::schedule);
            publish();
            return null;
        });
    }

    /**
     * Starts reporting through {@code client}: the outbox is sent whenever it is connected, and each
     * new connection asks the server for the account's alerts. Call once, after building the client.
     */
    public void attach(CicClient client) {
        this.client = Objects.requireNonNull(client, "client");
        executor.scheduleWithFixedDelay(() -> {
            try {
                watchConnection();
            } catch (RuntimeException e) {
                // a failed check must not end the schedule (it would never run again)
                log.warn("event=AlertsConnectionCheckFailed", e);
            }
        }, 0, 500, TimeUnit.MILLISECONDS);
    }

    /** The {@code Alerts.AlertsState} context object to register with the client. */
    public AlertsStateContext context() {
        return context;
    }

    /** The alerts the device keeps, soonest first. */
    public List<Alert> alerts() {
        return call(() -> alerts.values().stream()
                .sorted((a, b) -> a.scheduledTime().compareTo(b.scheduledTime())).toList());
    }

    /** Tokens of the alerts ringing now. */
    public Set<String> ringing() {
        return call(() -> Set.copyOf(ringing.keySet()));
    }

    /** Names of the reports not sent yet, oldest first. */
    public List<String> unsentReports() {
        return call(() -> outbox.stream().map(Report::name).toList());
    }

    /** Stops a ringing alert from the device itself (a button), connected or not. */
    public void stopRinging(String token) {
        call(() -> {
            stop(token);
            return null;
        });
    }

    // ---- directives (on the client's directive thread; the work runs on the agent's thread) ----

    @Override
    protected void onSetAlert(ReceivedDirective directive, CicClient client) {
        ObjectNode p = directive.payload();
        call(() -> {
            Alert a = parse(p);
            if (a == null) {
                report("SetAlertFailed", p.path("token").asText(""), p.path("type").asText(""));
                return null;
            }
            put(a);
            report("SetAlertSucceeded", a.token(), a.type());
            return null;
        });
    }

    @Override
    protected void onDeleteAlert(ReceivedDirective directive, CicClient client) {
        String token = directive.payload().path("token").asText("");
        String type = directive.payload().path("type").asText("");
        call(() -> {
            remove(token);
            // Gone either way: an alert the device never had is deleted as far as it is concerned.
            report("DeleteAlertSucceeded", token, type);
            return null;
        });
    }

    @Override
    protected void onStopAlert(ReceivedDirective directive, CicClient client) {
        String token = directive.payload().path("token").asText("");
        call(() -> {
            stop(token);
            return null;
        });
    }

    @Override
    protected void onSynchronizeAlert(ReceivedDirective directive, CicClient client) {
        JsonNode all = directive.payload().path("allAlerts");
        call(() -> {
            Map<String, Alert> incoming = new LinkedHashMap<>();
            for (JsonNode n : all) {
                if (n.isObject()) {
                    Alert a = parse((ObjectNode) n);
                    if (a != null && (a.type().equals("ALARM") || a.type().equals("TIMER"))) {
                        incoming.put(a.token(), a);
                    }
                }
            }
            for (String token : List.copyOf(alerts.keySet())) {
                if (!incoming.containsKey(token) && !ringing.containsKey(token)) {
                    remove(token);
                }
            }
            incoming.values().forEach(this::put);
            log.info("event=AlertsSynchronized count={}", alerts.size());
            return null;
        });
    }

    // ---- the agent's thread ----

    private void put(Alert a) {
        remove(a.token());
        alerts.put(a.token(), a);
        schedule(a);
        save();
        publish();
    }

    private void remove(String token) {
        ScheduledFuture<?> timer = timers.remove(token);
        if (timer != null) {
            timer.cancel(false);
        }
        if (alerts.remove(token) != null) {
            save();
            publish();
        }
    }

    private void schedule(Alert a) {
        ZonedDateTime now = ZonedDateTime.now(clock);
        Duration wait = Duration.between(now, a.scheduledTime());
        if (wait.isNegative() && wait.abs().compareTo(ringFor) > 0) {
            log.info("event=AlertMissed token={} scheduledTime={}", a.token(), a.scheduledTime());
            after(a);
            return;
        }
        long millis = Math.max(0, wait.toMillis());
        timers.put(a.token(), executor.schedule(() -> ring(a.token()), millis, TimeUnit.MILLISECONDS));
    }

    private void ring(String token) {
        timers.remove(token);
        Alert a = alerts.get(token);
        if (a == null || ringing.containsKey(token)) {
            return;
        }
        log.info("event=AlertStarted token={} type={} scheduledTime={}", token, a.type(), a.scheduledTime());
        ringing.put(token, executor.schedule(() -> stop(token), ringFor.toMillis(), TimeUnit.MILLISECONDS));
        publish();
        try {
            ringer.start(a);
        } catch (RuntimeException e) {
            log.warn("event=RingerFailed token={}", token, e);
        }
        report("AlertStarted", token, a.type());
    }

    private void stop(String token) {
        ScheduledFuture<?> autoStop = ringing.remove(token);
        if (autoStop == null) {
            return;
        }
        autoStop.cancel(false);
        Alert a = alerts.get(token);
        if (a == null) {
            publish();
            return;
        }
        try {
            ringer.stop(a);
        } catch (RuntimeException e) {
            log.warn("event=RingerFailed token={}", token, e);
        }
        log.info("event=AlertStopped token={}", token);
        report("AlertStopped", token, a.type());
        after(a);
    }

    /** After ringing (or missing) its time: a repeating alarm moves to its next day, a one-off one goes. */
    private void after(Alert a) {
        if (a.repeats()) {
            ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(a.scheduledTime().getZone());
            ZonedDateTime next = a.scheduledTime();
            while (!next.isAfter(now) || !a.daysOfWeek().contains(next.getDayOfWeek())) {
                next = next.plusDays(1);
            }
            put(new Alert(a.token(), a.type(), next, a.daysOfWeek()));
        } else {
            remove(a.token());
        }
    }

    private void report(String name, String token, String type) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode().put("token", token).put("type", type);
        outbox.add(new Report(name, payload));
        save();
        flush();
    }

    private void watchConnection() {
        CicClient c = client;
        if (c == null) {
            return;
        }
        ConnectionState state = c.state();
        boolean connectedNow = state == ConnectionState.CONNECTED && lastState != ConnectionState.CONNECTED;
        lastState = state;
        if (connectedNow) {
            // Reports first (the server learns what rang while offline), then the server's list.
            outbox.add(new Report("RequestSynchronizeAlert", JsonNodeFactory.instance.objectNode()));
            save();
        }
        flush();
    }

    /** Sends the oldest report if connected; each answer sends the next. */
    private void flush() {
        CicClient c = client;
        if (sending || outbox.isEmpty() || c == null || c.state() != ConnectionState.CONNECTED) {
            return;
        }
        Report r = outbox.peek();
        sending = true;
        CompletableFuture<?> sent;
        try {
            sent = c.send("Alerts", r.name(), r.payload().deepCopy());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenCompleteAsync((res, e) -> {
            sending = false;
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            if (cause == null || cause instanceof CicException ce && ce.httpStatus() >= 400 && ce.httpStatus() < 500
                                 && ce.httpStatus() != 401 && ce.httpStatus() != 412) {
                if (cause != null) {
                    log.warn("event=AlertReportRejected name={} status={} description=\"{}\"", r.name(),
                             ((CicException) cause).httpStatus(), ((CicException) cause).description());
                }
                outbox.remove(r);
                save();
                flush();
            } else {
                log.info("event=AlertReportDeferred name={} cause={}", r.name(), cause.toString());
            }
        }, executor);
    }

    private void publish() {
        List<AlertsStateContext.AlertInfo> all = new ArrayList<>();
        List<AlertsStateContext.AlertInfo> active = new ArrayList<>();
        for (Alert a : alerts.values()) {
            AlertsStateContext.AlertInfo info = new AlertsStateContext.AlertInfo(a.token(), a.type(),
                    a.scheduledTime().toOffsetDateTime().toString());
            all.add(info);
            if (ringing.containsKey(a.token())) {
                active.add(info);
            }
        }
        context.set(all, active);
    }

    private static Alert parse(ObjectNode p) {
        String token = p.path("token").asText("");
        String type = p.path("type").asText("");
        if (token.isBlank() || type.isBlank()) {
            return null;
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(p.path("scheduledTime").asText(""));
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (JsonNode d : p.path("daysOfWeek")) {
                days.add(DayOfWeek.valueOf(d.asText().toUpperCase(Locale.ROOT)));
            }
            return new Alert(token, type, at, days);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            log.warn("event=BadAlert token={} cause={}", token, e.toString());
            return null;
        }
    }

    // ---- the store file ----

    private void save() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode list = root.putArray("alerts");
        for (Alert a : alerts.values()) {
            ObjectNode n = list.addObject().put("token", a.token()).put("type", a.type())
                    .put("scheduledTime", a.scheduledTime().toString());
            ArrayNode days = n.putArray("daysOfWeek");
            a.daysOfWeek().stream().sorted().forEach(d -> days.add(d.name().toLowerCase(Locale.ROOT)));
        }
        ArrayNode out = root.putArray("outbox");
        outbox.forEach(r -> out.addObject().put("name", r.name()).set("payload", r.payload()));
        try {
            Files.createDirectories(storeFile.toAbsolutePath().getParent());
            Path tmp = storeFile.resolveSibling(storeFile.getFileName() + ".tmp");
            Files.write(tmp, MessageCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.move(tmp, storeFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("event=AlertsNotSaved file={} cause={}", storeFile, e.toString());
        }
    }

    private void load() {
        if (!Files.exists(storeFile)) {
            return;
        }
        try {
            JsonNode root = MessageCodec.mapper().readTree(Files.readAllBytes(storeFile));
            for (JsonNode n : root.path("alerts")) {
                Alert a = n.isObject() ? parse((ObjectNode) n) : null;
                if (a != null) {
                    alerts.put(a.token(), a);
                }
            }
            for (JsonNode n : root.path("outbox")) {
                if (n.path("payload").isObject()) {
                    outbox.add(new Report(n.path("name").asText(), (ObjectNode) n.get("payload")));
                }
            }
            log.info("event=AlertsLoaded file={} alerts={} unsent={}", storeFile, alerts.size(), outbox.size());
        } catch (IOException e) {
            log.warn("event=AlertsNotLoaded file={} cause={}", storeFile, e.toString());
        }
    }

    private <T> T call(java.util.concurrent.Callable<T> work) {
        try {
            return executor.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }

    /** Stops the agent's timers; alerts stay saved and ring again once a new agent loads them. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
