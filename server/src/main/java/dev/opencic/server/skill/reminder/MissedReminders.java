package dev.opencic.server.skill.reminder;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.payload.Notifier;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.Reply;
import dev.opencic.server.skill.EventFields;
import dev.opencic.server.skill.MissedNotices;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillContext;
import dev.opencic.server.skill.SkillRequest;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notices waiting unread, and the {@code Notifier} indicator that shows them: a reminder that
 * came due while its device was offline for longer than the hold time is dropped unspoken
 * ({@code EXPIRED}) and becomes a missed reminder. Its device's indicator goes on
 * ({@code Notifier.SetIndicator}, {@code new} true) as it is dropped, and back on ({@code new}
 * false) whenever that device opens its downchannel while the notice is unread. "What did I miss"
 * reads the missed reminders, marks them done (read), and turns the indicator off
 * ({@code Notifier.ClearIndicator}) on the device asking and on the devices the notices were on.
 *
 * <p>A repeating reminder's missed occurrence is not kept (the series moves on to its next
 * occurrence, see {@link ReminderDelivery}). Other features' notices ({@link MissedNotices}: missed
 * alarms) are read out after the reminders and marked read with them.
 */
final class MissedReminders {

    private static final Logger log = LoggerFactory.getLogger(MissedReminders.class);
    private static final int READ_AT_MOST = 5;

    private final ReminderStore store;
    private final SkillContext context;

    MissedReminders(ReminderStore store, SkillContext context) {
        this.store = store;
        this.context = context;
    }

    /** The account's missed reminders not read yet, oldest first. */
    List<Reminder> unread(String accountId) {
        return store.list(accountId).stream()
                .filter(r -> r.state() == Reminder.State.EXPIRED && !r.done() && !r.repeats())
                .sorted(java.util.Comparator.comparing(Reminder::remindAt,
                        java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())))
                .toList();
    }

    /** How many of the unread missed reminders were the device's own. */
    long unreadOn(DeviceIdentity device) {
        return unread(device.accountId()).stream().filter(r -> device.equals(r.owner())).count();
    }

    /** Turns the device's indicator on; {@code fresh} when a notice was just added (then it chimes too). */
    void showIndicator(DeviceIdentity device, boolean fresh) {
        // A new notice chimes (the device's default sound); putting the light back on is silent.
        String sound = MessageIds.newId();
        Directive set = Directive.of(new Notifier.SetIndicator(
                fresh ? List.of(new Notifier.Asset(sound, Notifier.DEFAULT_SOUND)) : List.of(),
                fresh ? List.of(sound) : List.of(), fresh, Notifier.LIGHT_DEFAULT));
        context.downchannels().push(device, Reply.builder().directive(set).build()).whenComplete((pushed, e) ->
                log.info("event=NotifierSetIndicator device={} new={} pushed={}", device.deviceId(), fresh,
                        e == null && Boolean.TRUE.equals(pushed)));
    }

    /** "What did I miss": the missed reminders read out and marked read, and the indicators off. */
    SkillAnswer read(SkillRequest request) {
        DeviceIdentity asking = request.event().device();
        String account = asking.accountId();
        List<Reminder> missed = unread(account);
        Directive clear = Directive.of(request.event().dialogRequestId(), new Notifier.ClearIndicator());
        // Other features' notices (missed alarms) are read after the reminders.
        List<String> others = new java.util.ArrayList<>();
        List<MissedNotices> sources = context.notices().all();
        sources.forEach(n -> others.addAll(n.unread(asking)));
        if (missed.isEmpty() && others.isEmpty()) {
            return SkillAnswer.say("You haven't missed anything.").withDirectives(clear);
        }
        StringBuilder say = new StringBuilder();
        if (!missed.isEmpty()) {
            say.append(missed.size() == 1 ? "You missed one reminder: " : "You missed " + missed.size() + " reminders. ");
            for (int i = 0; i < Math.min(READ_AT_MOST, missed.size()); i++) {
                say.append(missed.get(i).content()).append(". ");
            }
            if (missed.size() > READ_AT_MOST) {
                say.append("And ").append(missed.size() - READ_AT_MOST).append(" more. ");
            }
        }
        for (int i = 0; i < Math.min(READ_AT_MOST, others.size()); i++) {
            say.append(others.get(i)).append(". ");
        }
        if (others.size() > READ_AT_MOST) {
            say.append("And ").append(others.size() - READ_AT_MOST).append(" more notices.");
        }
        Instant now = request.clock().instant();
        sources.forEach(n -> n.markRead(asking, now));
        if (missed.isEmpty()) {
            log.info("event=MissedNoticesRead device={} count={}", asking.deviceId(), others.size());
            return SkillAnswer.say(say.toString().strip()).withDirectives(clear);
        }
        for (Reminder r : missed) {
            store.update(account, r.id(), r.content(), true, now);
        }
        // The other devices whose light these notices had turned on.
        missed.stream().map(Reminder::owner).filter(Objects::nonNull).distinct().filter(d -> !d.equals(asking))
                .forEach(d -> context.downchannels().push(d, Reply.builder()
                        .directive(Directive.of(new Notifier.ClearIndicator())).build()));
        log.info("event=MissedRemindersRead device={} count={} first={}", asking.deviceId(), missed.size(),
                EventFields.shorten(missed.get(0).id()));
        return SkillAnswer.say(say.toString().strip()).withDirectives(clear);
    }
}
