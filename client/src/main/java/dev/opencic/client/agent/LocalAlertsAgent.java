package dev.opencic.client.agent;

import dev.opencic.client.AgentHost;
import dev.opencic.client.EventResponse;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.client.SharedThreads;
import dev.opencic.client.context.AlertsStateContext;
import dev.opencic.protocol.payload.Alerts;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
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
 *       through an outbox, also saved, that is sent in order whenever the client the agent is
 *       registered with is connected; on every (re)connection the agent then sends {@code
 *       RequestSynchronizeAlert} (see {@link AlertOutbox}).</li>
 *   <li>{@link #context()} is the {@code Alerts.AlertsState} to register with the client.</li>
 * </ul>
 * An alert whose time passed while the device was off rings if it is at most {@code ringFor} late;
 * older ones are dropped (a repeating one moves on to its next day). Timers run on a scheduler
 * ({@link SharedThreads#scheduler()} unless given one), not on a thread of the agent's own, and
 * ring whether or not a client was ever built.
 */
public class LocalAlertsAgent extends AlertsAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalAlertsAgent.class);

    /** What ringing means on this device: a tone, a light, a line on the console. Called holding the agent's lock: return soon. */
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

    private final AlertStore store;
    private final Ringer ringer;
    private final Duration ringFor;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final AlertsStateContext context = new AlertsStateContext();
    private final AlertOutbox outbox;

    // Guarded by this.
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final Map<String, Future<?>> timers = new HashMap<>();
    private final Map<String, Future<?>> ringing = new LinkedHashMap<>();
    private boolean closed;

    /**
     * An agent whose timers run on the {@link SharedThreads#scheduler() shared scheduler}.
     *
     * @param storeFile where the alerts and unsent reports are kept, e.g. {@code <config dir>/alerts.json}
     * @param ringer    what ringing does
     * @param ringFor   how long an alert rings unless stopped
     * @param clock     the device's clock
     */
    public LocalAlertsAgent(Path storeFile, Ringer ringer, Duration ringFor, Clock clock) {
        this(storeFile, ringer, ringFor, clock, SharedThreads.scheduler());
    }

    /** An agent whose timers are timed by {@code scheduler}; they run on {@link SharedThreads#workers()}. */
    public LocalAlertsAgent(Path storeFile, Ringer ringer, Duration ringFor, Clock clock,
                            ScheduledExecutorService scheduler) {
        this.store = new AlertStore(Objects.requireNonNull(storeFile, "storeFile"));
        this.ringer = Objects.requireNonNull(ringer, "ringer");
        this.ringFor = Objects.requireNonNull(ringFor, "ringFor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        AlertStore.Content saved = store.load();
        this.outbox = new AlertOutbox(saved.outbox(), this, this::save);
        synchronized (this) {
            for (var entry : saved.alerts()) {
                Alert a = AlertStore.parse(entry);
                if (a != null) {
                    alerts.put(a.token(), a);
                }
            }
            List.copyOf(alerts.values()).forEach(this::schedule);
            publish();
        }
    }

    /**
     * Sends the reports through the client this agent was registered with: the outbox goes out
     * whenever it is connected, and each new connection asks the server for the account's alerts.
     */
    @Override
    protected void onAttach(AgentHost host) {
        super.onAttach(host);
        outbox.attach(host);
    }

    /** The {@code Alerts.AlertsState} context object to register with the client. */
    public AlertsStateContext context() {
        return context;
    }

    /** The alerts the device keeps, soonest first. */
    public synchronized List<Alert> alerts() {
        return alerts.values().stream().sorted((a, b) -> a.scheduledTime().compareTo(b.scheduledTime())).toList();
    }

    /** Tokens of the alerts ringing now. */
    public synchronized Set<String> ringing() {
        return Set.copyOf(ringing.keySet());
    }

    /** Names of the reports not sent yet, oldest first. */
    public List<String> unsentReports() {
        return outbox.unsent().stream().map(AlertStore.Report::name).toList();
    }

    /** Stops a ringing alert from the device itself (a button), connected or not. */
    public synchronized void stopRinging(String token) {
        stop(token);
    }

    /**
     * The user pressed stop while alert {@code token} rings: sends {@code RequestAlertStop} and
     * leaves the ringing to the server's {@code StopAlert} answer, as the reference asks (so every
     * device of the account learns of the stop). Offline, use {@link #stopRinging} instead.
     *
     * @throws IllegalArgumentException when the device keeps no alert {@code token}
     */
    public CompletableFuture<EventResponse> requestAlertStop(String token) {
        String type;
        synchronized (this) {
            Alert a = alerts.get(token);
            if (a == null) {
                throw new IllegalArgumentException("no alert with token " + token);
            }
            type = a.type();
        }
        return requestAlertStop(token, type);
    }

    // ---- directives (on the client's directive channel) ----

    @Override
    protected synchronized void onSetAlert(ReceivedDirective directive, AgentHost host) {
        Alerts.SetAlert p = directive.payload(Alerts.SetAlert.class);
        Alert a = AlertStore.parse(p);
        if (a == null) {
            outbox.add("SetAlertFailed", Objects.requireNonNullElse(p.token(), ""), Objects.requireNonNullElse(p.type(), ""));
            return;
        }
        put(a);
        outbox.add("SetAlertSucceeded", a.token(), a.type());
    }

    @Override
    protected synchronized void onDeleteAlert(ReceivedDirective directive, AgentHost host) {
        Alerts.AlertToken p = directive.payload(Alerts.AlertToken.class);
        String token = Objects.requireNonNullElse(p.token(), "");
        remove(token);
        // Gone either way: an alert the device never had is deleted as far as it is concerned, so
        // this is DeleteAlertSucceeded, not DeleteAlertFailed (which the reference keeps for a delete
        // that failed). The server sends DeleteAlert after it dropped the alert itself (a one-off
        // alert stopped), when the device has usually dropped it too; it answers DeleteAlertFailed
        // for a token it does not keep with 400, and DeleteAlertSucceeded with nothing.
        outbox.add("DeleteAlertSucceeded", token, Objects.requireNonNullElse(p.type(), ""));
    }

    @Override
    protected synchronized void onStopAlert(ReceivedDirective directive, AgentHost host) {
        stop(Objects.requireNonNullElse(directive.payload(Alerts.AlertToken.class).token(), ""));
    }

    @Override
    protected synchronized void onSynchronizeAlert(ReceivedDirective directive, AgentHost host) {
        Map<String, Alert> incoming = new LinkedHashMap<>();
        for (Alerts.SetAlert entry : directive.payload(Alerts.SynchronizeAlert.class).allAlerts()) {
            Alert a = AlertStore.parse(entry);
            if (a != null && (a.type().equals("ALARM") || a.type().equals("TIMER"))) {
                incoming.put(a.token(), a);
            }
        }
        for (String token : List.copyOf(alerts.keySet())) {
            if (!incoming.containsKey(token) && !ringing.containsKey(token)) {
                remove(token);
            }
        }
        incoming.values().forEach(this::put);
        log.info("event=AlertsSynchronized count={}", alerts.size());
    }

    // ---- state changes, holding this ----

    private void put(Alert a) {
        remove(a.token());
        alerts.put(a.token(), a);
        schedule(a);
        save();
        publish();
    }

    private void remove(String token) {
        Future<?> timer = timers.remove(token);
        if (timer != null) {
            timer.cancel(false);
        }
        if (alerts.remove(token) != null) {
            save();
            publish();
        }
    }

    private void schedule(Alert a) {
        if (closed) {
            return;
        }
        Duration wait = Duration.between(ZonedDateTime.now(clock), a.scheduledTime());
        if (wait.isNegative() && wait.abs().compareTo(ringFor) > 0) {
            log.info("event=AlertMissed token={} scheduledTime={}", a.token(), a.scheduledTime());
            after(a);
            return;
        }
        timers.put(a.token(), later(() -> ring(a.token()), wait));
    }

    /** Runs {@code task} holding this after {@code delay}: timed by the scheduler, run on a worker (it saves the file). */
    private Future<?> later(Runnable task, Duration delay) {
        Runnable locked = () -> {
            synchronized (this) {
                if (!closed) {
                    task.run();
                }
            }
        };
        return scheduler.schedule(() -> SharedThreads.workers().execute(locked), Math.max(0, delay.toMillis()),
                TimeUnit.MILLISECONDS);
    }

    private void ring(String token) {
        timers.remove(token);
        Alert a = alerts.get(token);
        if (a == null || ringing.containsKey(token)) {
            return;
        }
        log.info("event=AlertStarted token={} type={} scheduledTime={}", token, a.type(), a.scheduledTime());
        ringing.put(token, later(() -> stop(token), ringFor));
        publish();
        try {
            ringer.start(a);
        } catch (RuntimeException e) {
            log.warn("event=RingerFailed token={}", token, e);
        }
        outbox.add("AlertStarted", token, a.type());
    }

    private void stop(String token) {
        Future<?> autoStop = ringing.remove(token);
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
        outbox.add("AlertStopped", token, a.type());
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

    private synchronized void save() {
        store.save(List.copyOf(alerts.values()), outbox.unsent());
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

    /** Stops the agent's timers; alerts stay saved and ring again once a new agent loads them. */
    @Override
    public synchronized void close() {
        closed = true;
        timers.values().forEach(f -> f.cancel(false));
        ringing.values().forEach(f -> f.cancel(false));
    }
}
