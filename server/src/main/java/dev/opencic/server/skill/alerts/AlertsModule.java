package dev.opencic.server.skill.alerts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Namespaces;
import dev.opencic.server.api.ContextObserver;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillContext;
import dev.opencic.server.skill.SkillModule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alarms and timers: the {@code alarm.*}, {@code timer.*} and {@code alert.stop} intents, the
 * {@code Alerts} events, and the {@code Alerts.AlertsState} context.
 *
 * <p>The context keeps both sides in step: when a device reports alerts the account does not have,
 * or lacks some it should have, it gets a {@code SynchronizeAlert} on its downchannel (at most one a
 * minute). Alerts created or deleted in the last 30 seconds are left out of the comparison: the
 * directive about them may still be on its way.
 */
public final class AlertsModule implements SkillModule {

    private static final Logger log = LoggerFactory.getLogger(AlertsModule.class);
    /** Alerts younger than this may not have reached the device yet. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final SkillContext context;
    private final AlertRepository alerts;
    private final OtherDevices others;
    private final AccountAlerts accountAlerts;
    private final Cache<String, Boolean> recentlyDeleted = Caffeine.newBuilder()
            .expireAfterWrite(GRACE).maximumSize(100_000).build();
    private final Cache<DeviceIdentity, Instant> lastSync = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1)).maximumSize(100_000).build();
    /** Devices whose reported state was compared lately: at most one look at the database per device per interval. */
    private final Cache<DeviceIdentity, Boolean> lastChecked = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(10)).maximumSize(100_000).build();

    public AlertsModule(SkillContext context) {
        this.context = context;
        this.alerts = new RememberingDeletes(new JdbcAlertRepository(context.database().jdbi()));
        this.others = new OtherDevices(context.downchannels(), context.cluster());
        this.accountAlerts = new AccountAlerts(alerts, others, context.clock());
        context.notices().add(new MissedAlarms(alerts, context));
    }

    /** The account's alerts for changes made outside a dialogue (the web console). */
    public AccountAlerts accountAlerts() {
        return accountAlerts;
    }

    @Override
    public List<Skill> skills() {
        return List.of(new AlertsSkill(alerts, others));
    }

    @Override
    public List<NamespaceHandler> handlers() {
        return List.of(new AlertsHandler(alerts, others, context.clock()), new SystemHandler(alerts, context.clock(), context.resyncs()));
    }

    @Override
    public Map<String, ContextObserver> contextObservers() {
        return Map.of(Namespaces.ALERTS + "." + AlertsState.NAME, this::observe);
    }

    private void observe(DeviceIdentity device, ContextObject state) {
        // On the event loop: only decide whether to look, then compare on a blocking thread.
        if (lastSync.getIfPresent(device) != null || lastChecked.asMap().putIfAbsent(device, Boolean.TRUE) != null) {
            return;
        }
        Set<String> reported = AlertsState.allTokens(state);
        context.blocking().execute(() -> {
            try {
                compare(device, reported);
            } catch (RuntimeException e) {
                log.warn("event=AlertsStateCheckFailed device={} cause={}", device.deviceId(), e.toString());
            }
        });
    }

    private void compare(DeviceIdentity device, Set<String> reported) {
        Instant settled = context.clock().instant().minus(GRACE);
        List<Alert> kept = alerts.list(device.accountId(), null);
        Set<String> expected = kept.stream().filter(a -> a.status() != Alert.Status.FAILED)
                .map(Alert::token).collect(Collectors.toSet());
        Set<String> settledExpected = kept.stream()
                .filter(a -> a.status() != Alert.Status.FAILED && a.createdAt().isBefore(settled))
                .map(Alert::token).collect(Collectors.toSet());
        boolean unknown = reported.stream()
                .anyMatch(t -> !expected.contains(t) && recentlyDeleted.getIfPresent(t) == null);
        boolean missing = !reported.containsAll(settledExpected);
        if ((unknown || missing) && lastSync.asMap().putIfAbsent(device, context.clock().instant()) == null) {
            log.info("event=AlertsOutOfStep device={} unknown={} missing={}", device.deviceId(), unknown, missing);
            context.downchannels().push(device, Reply.of(AlertMessages.synchronize(kept,
                    ZonedDateTime.now(context.clock()), null)));
        }
    }

    /** The repository, noting which tokens were just deleted. */
    private final class RememberingDeletes implements AlertRepository {
        private final AlertRepository delegate;

        RememberingDeletes(AlertRepository delegate) {
            this.delegate = delegate;
        }

        @Override
        public void insert(Alert alert) {
            delegate.insert(alert);
        }

        @Override
        public boolean update(Alert alert) {
            return delegate.update(alert);
        }

        @Override
        public boolean updateStatus(Alert seen, Alert.Status status) {
            return delegate.updateStatus(seen, status);
        }

        @Override
        public java.util.Optional<Alert> find(String accountId, String token) {
            return delegate.find(accountId, token);
        }

        @Override
        public List<Alert> list(String accountId, Alert.Type type) {
            return delegate.list(accountId, type);
        }

        @Override
        public boolean delete(String accountId, String token) {
            recentlyDeleted.put(token, Boolean.TRUE);
            return delegate.delete(accountId, token);
        }
    }
}
