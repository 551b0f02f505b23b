package dev.opencic.server.skill.reminder;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.DirectivePusher;
import dev.opencic.server.api.Reply;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An account's reminders changed from outside a dialogue (the web console), the way the reminder
 * skill changes them: the same store, delivery scheduled on the same db-scheduler task (so it is
 * spoken at its time on the device it belongs to, held while that device is offline), and the
 * {@code Clova.AddReminder}/{@code DeleteReminder} directives the skill answers with, pushed to
 * that device when its downchannel is open.
 */
public final class AccountReminders {

    private static final Logger log = LoggerFactory.getLogger(AccountReminders.class);

    /** The longest reminder text, as by voice. */
    public static final int MAX_CONTENT = ReminderSkill.MAX_CONTENT;

    private final ReminderStore store;
    private final ReminderDelivery delivery;
    private final DirectivePusher downchannels;
    private final Clock clock;

    AccountReminders(ReminderStore store, ReminderDelivery delivery, DirectivePusher downchannels, Clock clock) {
        this.store = store;
        this.delivery = delivery;
        this.downchannels = downchannels;
        this.clock = clock;
    }

    /** The account's reminders, the timed ones first by time. */
    public List<Reminder> list(String accountId) {
        return store.list(accountId);
    }

    public Optional<Reminder> find(String accountId, String reminderId) {
        return store.find(accountId, reminderId);
    }

    /**
     * A reminder spoken on {@code device} at {@code at} (null: a to-do without a time).
     *
     * @throws IllegalArgumentException for a time that has passed or a text too long (for a person)
     */
    public Reminder add(DeviceIdentity device, ZoneId zone, String content, Instant at) {
        check(content, at);
        Reminder r = new Reminder(MessageIds.newId(), content, false, at, zone, device, Reminder.State.PENDING,
                clock.instant());
        store.create(device.accountId(), r);
        if (at != null) {
            delivery.schedule(device.accountId(), r);
        }
        log.info("event=ReminderSet account={} device={} at={} from=console", device.accountId(), device.deviceId(), at);
        tell(r.owner(), ReminderDirectives.addReminder(r, null));
        return r;
    }

    /**
     * New words, and for a reminder spoken once a new time (null keeps it), rescheduled like a new
     * one. Empty when the account has no such reminder.
     *
     * @throws IllegalArgumentException as {@link #add}, and for a new time on a repeating reminder
     */
    public Optional<Reminder> change(String accountId, String reminderId, String content, Instant at) {
        Optional<Reminder> found = store.find(accountId, reminderId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Reminder old = found.get();
        if (at != null && at.equals(old.remindAt())) {
            at = null; // the time the form showed, unchanged (it may have passed: the words alone change)
        }
        check(content, at);
        if (at != null && old.repeats()) {
            throw new IllegalArgumentException("A repeating reminder keeps its days and time; delete it and add another.");
        }
        Instant now = clock.instant();
        // The time first: refused (being spoken this moment), nothing has changed yet.
        if (at != null) {
            if (!store.reschedule(accountId, reminderId, at, now)) {
                throw new IllegalArgumentException("That reminder is being spoken right now; try again in a moment.");
            }
            delivery.reschedule(accountId, store.find(accountId, reminderId).orElseThrow());
        }
        if (!store.update(accountId, reminderId, content, null, now)) {
            return Optional.empty();
        }
        Reminder changed = store.find(accountId, reminderId).orElseThrow();
        log.info("event=ReminderChanged account={} reminder={} at={} from=console", accountId, reminderId,
                changed.remindAt());
        tell(changed.owner(), ReminderDirectives.addReminder(changed, null));
        return Optional.of(changed);
    }

    /** Deletes it (its delivery then finds nothing to speak); false when the account has no such reminder. */
    public boolean delete(String accountId, String reminderId) {
        Optional<Reminder> found = store.find(accountId, reminderId);
        if (found.isEmpty() || !store.delete(accountId, reminderId, clock.instant())) {
            return false;
        }
        log.info("event=ReminderDeleted account={} reminder={} from=console", accountId, reminderId);
        tell(found.get().owner(), ReminderDirectives.deleteReminder(reminderId, null));
        return true;
    }

    private void check(String content, Instant at) {
        if (content == null || content.isBlank()) {
            throw new IllegalArgumentException("Write what to be reminded of.");
        }
        if (content.length() > MAX_CONTENT) {
            throw new IllegalArgumentException("A reminder is at most " + MAX_CONTENT + " characters.");
        }
        if (at != null && !at.isAfter(clock.instant())) {
            throw new IllegalArgumentException("That time has already passed.");
        }
    }

    private void tell(DeviceIdentity device, Directive d) {
        if (downchannels.isOpen(device)) {
            downchannels.push(device, Reply.of(d));
        }
    }
}
