package dev.opencic.server.skill.reminder;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.payload.Clova;
import dev.opencic.protocol.payload.Notifier;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.Reply;
import dev.opencic.server.skill.EventFields;
import dev.opencic.server.skill.SkillContext;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks reminders when they come due, as cloud-initiated directives ({@code Speak} and
 * {@code RenderText}, no dialogRequestId) on the downchannel of the device that set them.
 *
 * <ul>
 *   <li>Each timed reminder is a db-scheduler one-time task in the server's database, so it survives a
 *       restart and runs on one node only.</li>
 *   <li>When the device has no open downchannel the reminder is held; when the device opens one,
 *       its held reminders are spoken, unless they came due more than {@code reminder-hold-ttl-seconds}
 *       ago, in which case they are dropped (they are stale by then).</li>
 *   <li>Every delivery first {@link ReminderStore#claim claims} the reminder with a conditional
 *       update, at the time it read (so a sender that read an occurrence already moved on from
 *       claims nothing), and the timer and a reconnect racing for the same reminder push it once. Only a crash
 *       between the push and the following commit can repeat one: unsettled claims are held again at
 *       start.</li>
 *   <li>Delivered means read: the push is {@link dev.opencic.server.api.DirectivePusher#pushConfirmed
 *       confirmed} by the ACK of an HTTP/2 PING sent after it on the device's connection. A device
 *       that received the bytes into a buffer and hung, or whose connection died on the way, does
 *       not acknowledge: the reminder is settled HELD and spoken when the device next opens its
 *       downchannel; once confirmed it is DELIVERED and never pushed again.</li>
 *   <li>A repeating reminder is one row whose {@code remindAt} is the occurrence to come. Each
 *       occurrence is its own task, keyed by the reminder and that instant, and a task whose instant
 *       is not the row's (an occurrence already settled) does nothing. Settling an occurrence (spoken,
 *       or dropped after the hold time) moves the row to the next occurrence in the same update that
 *       ends the claim ({@link ReminderStore#advance}), then schedules that occurrence's task. A crash
 *       between the two leaves a PENDING row without a task: at start every PENDING timed reminder is
 *       scheduled again if its task is missing, so the series goes on. An occurrence held for an
 *       offline device stays held (no further occurrences are scheduled meanwhile); on reconnect it
 *       is spoken once, unless the last occurrence missed is older than the hold time (then it is
 *       dropped), and the series continues with the first occurrence after now: missed days are
 *       not replayed.</li>
 *   <li>A node killed while it delivers (cluster mode): the task's execution lasts until the delivery
 *       is settled (at most the push confirmation's time plus a margin), so the claim is covered by
 *       db-scheduler's heartbeat. When the node stops beating, another node finds the execution dead,
 *       puts the reminder claimed by it back to HELD and runs the task again: spoken there, once
 *       (unless the dead node had already pushed it and the device read it before the crash). Held
 *       reminders spoken when their device reconnects go through the same task (scheduled for now),
 *       so their claim has that lease too.</li>
 * </ul>
 * Only the device that set the reminder speaks it: a reminder is often about where that device is
 * ("take the laundry out"), and several speakers of one household saying it at once is noise.
 */
final class ReminderDelivery {

    private static final Logger log = LoggerFactory.getLogger(ReminderDelivery.class);
    static final String TASK = "reminder-due";

    private final ReminderStore store;
    private final SkillContext context;
    private final Clock clock;
    private final Duration holdTtl;
    private final OneTimeTask<Void> task;
    private final Counter delivered;
    private final Counter held;
    private final Counter expired;
    private final Counter heldChecks;
    private final MissedReminders missed;

    ReminderDelivery(ReminderStore store, SkillContext context, MissedReminders missed) {
        this.store = store;
        this.missed = missed;
        this.context = context;
        this.clock = context.clock();
        this.holdTtl = context.config().reminderHoldTtl();
        this.task = context.scheduler().add(Tasks.oneTime(TASK).onDeadExecution(this::revive)
                .execute((instance, ctx) -> awaitSettled(due(instance.getId()))));
        this.delivered = Counter.builder("cic.reminders.delivered").description("Reminders spoken on a device")
                .register(context.meters());
        this.held = Counter.builder("cic.reminders.held").description("Reminders held for an offline device")
                .register(context.meters());
        this.expired = Counter.builder("cic.reminders.expired")
                .description("Held reminders dropped after the hold time").register(context.meters());
        // Lets a caller (a test, an operator) see that an opened downchannel's held reminders were
        // handled, so "nothing more was spoken" can be checked after it rather than waited for.
        this.heldChecks = Counter.builder("cic.reminders.held.checks")
                .description("Opened downchannels whose held reminders were looked up").register(context.meters());
    }

    void start() {
        // On a shared database other nodes may be delivering right now: only orphaned claims are released.
        int released = context.config().dbUrl() != null ? store.releaseUncovered(TASK) : store.releaseUnsettled();
        if (released > 0) {
            log.warn("event=RemindersReleased count={} reason=unsettled-at-start", released);
        }
        int rescheduled = 0;
        for (Reminder r : store.pendingTimed()) {
            if (context.scheduler().client().scheduleIfNotExists(instance(r.owner().accountId(), r), r.remindAt())) {
                rescheduled++;
            }
        }
        if (rescheduled > 0) {
            log.warn("event=RemindersRescheduled count={} reason=task-missing-at-start", rescheduled);
        }
        context.downchannels().addOpenListener(device -> context.blocking().execute(() -> deliverHeld(device)));
    }

    /** Schedules the reminder's delivery at its time (at once if that has come). */
    void schedule(String accountId, Reminder r) {
        context.scheduler().client().scheduleIfNotExists(instance(accountId, r), r.remindAt());
    }

    /**
     * Moves the delivery of a reminder spoken once to its new time: its task is rescheduled, or made
     * again when it had run (the reminder was spoken) or was never made (it had no time).
     */
    void reschedule(String accountId, Reminder r) {
        TaskInstance<Void> instance = instance(accountId, r);
        if (!context.scheduler().client().reschedule(instance, r.remindAt())) {
            context.scheduler().client().scheduleIfNotExists(instance, r.remindAt());
        }
    }

    /**
     * The task of the reminder's next delivery: {@code account|reminder} for one spoken once,
     * {@code account|reminder@epochMillis} for an occurrence of a repeating one.
     */
    static TaskInstance<Void> instance(String accountId, Reminder r) {
        String key = accountId + '|' + r.id() + (r.repeats() ? "@" + r.remindAt().toEpochMilli() : "");
        return new TaskInstance<>(TASK, key);
    }

    private CompletableFuture<Void> due(String key) {
        String[] parts = parse(key);
        if (parts == null) {
            log.warn("event=ReminderTaskMalformed key={}", key);
            return CompletableFuture.completedFuture(null);
        }
        return deliver(parts[0], parts[1], parts[2] == null ? null : Instant.ofEpochMilli(Long.parseLong(parts[2])));
    }

    /** {account, reminder, occurrence epoch millis or null} of a task key, or null when malformed. */
    private static String[] parse(String key) {
        int bar = key.indexOf('|');
        if (bar < 0) {
            return null;
        }
        String account = key.substring(0, bar);
        String rest = key.substring(bar + 1);
        int at = rest.lastIndexOf('@');
        if (at > 0 && at < rest.length() - 1 && rest.substring(at + 1).chars().allMatch(Character::isDigit)) {
            return new String[] {account, rest.substring(0, at), rest.substring(at + 1)};
        }
        return new String[] {account, rest, null};
    }

    /**
     * Keeps the task's execution (and so its heartbeat) alive until the delivery is settled, bounded
     * by the push confirmation's own limit: past it the settling goes on without the execution.
     */
    private void awaitSettled(CompletableFuture<Void> settled) {
        try {
            settled.get(context.config().pingInterval().plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("event=ReminderSettleNotAwaited cause=\"{}\"", e.toString());
        }
    }

    /**
     * The node running this task died (its heartbeats stopped): a claim it made on the reminder is
     * put back to HELD, then the task runs again now, here or on any live node.
     */
    private void revive(ExecutionComplete dead, ExecutionOperations<Void> operations) {
        String key = dead.getExecution().taskInstance.getId();
        String[] parts = parse(key);
        if (parts != null) {
            store.settle(parts[0], parts[1], Reminder.State.HELD, clock.instant());
        }
        log.warn("event=ReminderTaskRevived key={} deadNode={}", EventFields.shorten(key), dead.getExecution().pickedBy);
        operations.reschedule(dead, clock.instant());
    }

    private void deliverHeld(DeviceIdentity device) {
        try {
            long missedBefore = missed.unreadOn(device);
            Instant now = clock.instant();
            for (Reminder r : store.held(device)) {
                if (stale(r, now)) {
                    deliver(device.accountId(), r.id(), null); // dropped: nothing is pushed, no claim to cover
                } else {
                    // Spoken by a task run now, not here: its execution's heartbeat is the claim's lease, so
                    // if this node dies mid-delivery another node revives it (see revive) instead of the
                    // reminder staying DELIVERING until some node restarts.
                    // Whole milliseconds: a database that rounds the nanoseconds up would make it due only later.
                    context.scheduler().client().scheduleIfNotExists(instance(device.accountId(), r),
                            now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
                }
            }
            // A reminder dropped just now (new), or one dropped before and not read yet: the light goes on.
            long missedNow = missed.unreadOn(device);
            if (missedNow > 0) {
                missed.showIndicator(device, missedNow > missedBefore);
            }
        } catch (RuntimeException e) {
            log.warn("event=HeldRemindersFailed device={} cause=\"{}\"", device.deviceId(), e.toString());
        } finally {
            heldChecks.increment();
        }
    }

    /**
     * Claims, then pushes or holds or drops the reminder. {@code occurrence}, when given, is the
     * occurrence the task was for: the reminder is left alone if it has moved on since. Completes
     * when the reminder is settled (or left alone).
     */
    CompletableFuture<Void> deliver(String accountId, String reminderId, Instant occurrence) {
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        var found = store.find(accountId, reminderId);
        if (found.isEmpty() || found.get().done()
            || occurrence != null && !occurrence.equals(found.get().remindAt())
            || !store.claim(accountId, reminderId, found.get().remindAt())) {
            return done; // deleted, done, an occurrence already settled, already spoken, or another sender has it
        }
        Reminder r = found.get();
        Instant now = clock.instant();
        if (stale(r, now)) {
            expired.increment();
            log.info("event=ReminderExpired device={} reminder={}", r.owner().deviceId(), EventFields.shorten(r.id()));
            if (r.repeats()) {
                advance(accountId, r);
            } else {
                store.settle(accountId, reminderId, Reminder.State.EXPIRED, now);
            }
            return done;
        }
        if (!context.downchannels().isOpen(r.owner())) {
            settle(accountId, r, false);
            return done;
        }
        // Settled when the push is confirmed or not, not waited for: the writes it needs run on the
        // same blocking pool this method is often called on, and a reminder whose push is still being
        // written must not be settled HELD (it would be spoken again on the next reconnect).
        // Delivered means read: a PING after the reminder on the device's connection was answered
        // (issue 17); a device that stopped reading keeps it HELD and hears it on its next reconnect.
        CompletableFuture<Void> settled = new CompletableFuture<>();
        context.downchannels().pushConfirmed(r.owner(), reply(r)).whenComplete((ok, e) -> {
            if (e != null) {
                log.warn("event=ReminderPushFailed device={} cause=\"{}\"", r.owner().deviceId(), e.toString());
            }
            context.blocking().execute(() -> {
                try {
                    settle(accountId, r, e == null && Boolean.TRUE.equals(ok));
                } finally {
                    settled.complete(null);
                }
            });
        });
        return settled;
    }

    /** Whether the reminder came due longer than the hold time ago (a series: its last occurrence did). */
    private boolean stale(Reminder r, Instant now) {
        Instant last = r.repeats() ? r.latestOccurrence(now) : r.remindAt();
        return last != null && now.isAfter(last.plus(holdTtl));
    }

    private void settle(String accountId, Reminder r, boolean pushed) {
        try {
            if (pushed && r.repeats()) {
                advance(accountId, r);
            } else {
                store.settle(accountId, r.id(), pushed ? Reminder.State.DELIVERED : Reminder.State.HELD, clock.instant());
            }
        } catch (RuntimeException e) {
            // Left DELIVERING: released (held again) at the next start.
            log.warn("event=ReminderSettleFailed device={} cause=\"{}\"", r.owner().deviceId(), e.toString());
            return;
        }
        (pushed ? delivered : held).increment();
        log.info("event={} device={} reminder={}", pushed ? "ReminderDelivered" : "ReminderHeld",
                r.owner().deviceId(), EventFields.shorten(r.id()));
    }

    /** Moves a repeating reminder past the occurrence just settled and schedules the next one. */
    private void advance(String accountId, Reminder r) {
        Instant now = clock.instant();
        Instant next = r.nextOccurrence(now);
        if (!store.advance(accountId, r.id(), r.remindAt(), next, now)) {
            return; // deleted meanwhile
        }
        Reminder moved = new Reminder(r.id(), r.content(), r.done(), next, r.zone(), r.owner(),
                Reminder.State.PENDING, r.createdAt(), r.repeatDays(), r.repeatTime());
        try {
            schedule(accountId, moved);
        } catch (RuntimeException e) {
            // The row is PENDING at its next occurrence: the task is made again at the next start.
            log.warn("event=ReminderRescheduleFailed device={} reminder={} cause=\"{}\"", r.owner().deviceId(),
                    EventFields.shorten(r.id()), e.toString());
            return;
        }
        log.info("event=ReminderAdvanced device={} reminder={} next={}", r.owner().deviceId(),
                EventFields.shorten(r.id()), next);
    }

    private Reply reply(Reminder r) {
        String text = "Reminder: " + r.content() + ".";
        Reply.Builder b = Reply.builder();
        // The device's notification light and chime first, then the words (Notifier.Notify).
        String sound = MessageIds.newId();
        b.directive(Directive.of(new Notifier.Notify(List.of(new Notifier.Asset(sound, Notifier.DEFAULT_SOUND)),
                List.of(sound), Notifier.LIGHT_DEFAULT)));
        if (context.speech().isAvailable()) {
            context.speech().speak(b, text, context.config().language(), null, r.owner());
        }
        b.directive(Directive.of(new Clova.RenderText(text)));
        return b.build();
    }
}
