package dev.opencic.server.skill.alerts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.payload.Notifier;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.Reply;
import dev.opencic.server.skill.MissedNotices;
import dev.opencic.server.skill.SkillContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Missed alarms as notices: an alarm whose time passed more than {@link #GRACE} ago without any
 * device of the account reporting {@code AlertStarted} (its status still PENDING or SET: the
 * devices were away, or off) rang on no device. "What did I miss" reads it with the missed
 * reminders ({@link MissedNotices}); reading it deletes a one-off alarm and moves a repeating one to
 * its next ring (the devices catch up through the AlertsState comparison). While one is unread, a
 * device of the account whose downchannel opens gets {@code Notifier.SetIndicator}, with the chime
 * ({@code new} true) the first time this server tells it about that alarm.
 *
 * <p>Found when asked rather than by a timer: a missed alarm only matters once a device is back to
 * show it, and the table already says which alarms never started.
 */
final class MissedAlarms implements MissedNotices {

    private static final Logger log = LoggerFactory.getLogger(MissedAlarms.class);
    /** How late an alarm may start (a device's clock, a slow report) before it counts as missed. */
    static final Duration GRACE = Duration.ofMinutes(5);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("h:mm a 'on' EEEE", Locale.ENGLISH);

    private final AlertRepository alerts;
    private final SkillContext context;
    /** Device + alarm token pairs already announced with a chime. */
    private final Cache<String, Boolean> announced = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofDays(7)).maximumSize(100_000).build();

    MissedAlarms(AlertRepository alerts, SkillContext context) {
        this.alerts = alerts;
        this.context = context;
        if (context.downchannels() != null) { // null in tests of a module without a server
            context.downchannels().addOpenListener(d -> context.blocking().execute(() -> reconnected(d)));
        }
    }

    List<Alert> missed(String accountId) {
        Instant cutoff = context.clock().instant().minus(GRACE);
        return alerts.list(accountId, Alert.Type.ALARM).stream()
                .filter(a -> a.status() == Alert.Status.PENDING || a.status() == Alert.Status.SET)
                .filter(a -> a.scheduledAt().isBefore(cutoff))
                .sorted(Comparator.comparing(Alert::scheduledAt))
                .toList();
    }

    @Override
    public List<String> unread(DeviceIdentity asking) {
        return missed(asking.accountId()).stream()
                .map(a -> "Your alarm for " + WHEN.format(a.scheduledTime()) + " didn't ring on any device")
                .toList();
    }

    @Override
    public void markRead(DeviceIdentity asking, Instant now) {
        for (Alert a : missed(asking.accountId())) {
            if (a.repeats()) {
                ZonedDateTime next = AlertsSkill.nextOccurrence(a, now.atZone(a.zone()));
                alerts.update(a.withScheduledAt(next.toInstant()).withStatus(Alert.Status.PENDING));
            } else {
                alerts.delete(a.accountId(), a.token());
            }
            log.info("event=MissedAlarmRead device={} token={} repeats={}", asking.deviceId(), a.token(), a.repeats());
        }
    }

    private void reconnected(DeviceIdentity device) {
        try {
            List<Alert> missed = missed(device.accountId());
            if (missed.isEmpty()) {
                return;
            }
            boolean fresh = false;
            for (Alert a : missed) {
                fresh |= announced.asMap().putIfAbsent(device.deviceId() + '/' + a.token(), Boolean.TRUE) == null;
            }
            String sound = MessageIds.newId();
            Directive set = Directive.of(new Notifier.SetIndicator(
                    fresh ? List.of(new Notifier.Asset(sound, Notifier.DEFAULT_SOUND)) : List.of(),
                    fresh ? List.of(sound) : List.of(), fresh, Notifier.LIGHT_DEFAULT));
            context.downchannels().push(device, Reply.of(set));
            log.info("event=MissedAlarmIndicator device={} count={} new={}", device.deviceId(), missed.size(), fresh);
        } catch (RuntimeException e) {
            log.warn("event=MissedAlarmCheckFailed device={} cause={}", device.deviceId(), e.toString());
        }
    }
}
