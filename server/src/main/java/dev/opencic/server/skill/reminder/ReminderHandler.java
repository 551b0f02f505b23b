package dev.opencic.server.skill.reminder;

import static dev.opencic.server.skill.EventFields.shorten;

import dev.opencic.protocol.Namespaces;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.skill.DeviceListHandler;
import java.time.Clock;

/**
 * The device's reminder events: {@code Created} (a reminder the device made, without a time, or
 * confirming one the server sent with {@code AddReminder}), {@code Updated} (content, and
 * {@code done} when given), {@code Deleted}, and {@code Get}, answered with
 * {@code Clova.RenderReminderList}. An id the account never had is a bad request ({@code 400}).
 */
final class ReminderHandler extends DeviceListHandler<dev.opencic.protocol.payload.Reminder.Change> {

    private final ReminderStore store;
    private final Clock clock;

    ReminderHandler(ReminderStore store, Clock clock) {
        super(Namespaces.REMINDER, dev.opencic.protocol.payload.Reminder.Change.class, ReminderSkill.MAX_CONTENT,
                (account, dialog) -> ReminderDirectives.renderReminderList(store.list(account), dialog));
        this.store = store;
        this.clock = clock;
    }

    @Override
    protected Runnable apply(EventRequest request, String account,
                             Edit<dev.opencic.protocol.payload.Reminder.Change> edit) {
        String id = edit.id();
        String content = edit.content();
        Boolean done = edit.payload().done();
        return () -> {
            var now = clock.instant();
            boolean known = switch (edit.name()) {
                case "Created" -> created(request, account, id, content, done, now);
                case "Updated" -> store.update(account, id, content, done, now);
                default -> store.delete(account, id, now);
            };
            if (!known) {
                throw CicException.badRequest(request.event().header().qualifiedName() + ": unknown reminder id " + shorten(id));
            }
        };
    }

    /**
     * Known (or deleted before): the device's copy wins. New: stored. A concurrent {@code Created}
     * of the same id that inserted first: this one becomes its update.
     */
    private boolean created(EventRequest request, String account, String id, String content, Boolean done,
                            java.time.Instant now) {
        boolean isDone = done != null && done;
        if (store.update(account, id, content, done, now) || store.revive(account, id, content, isDone, now)) {
            return true;
        }
        try {
            store.create(account, new Reminder(id, content, isDone, null, clock.getZone(),
                    request.device(), Reminder.State.PENDING, now));
        } catch (RuntimeException e) {
            if (!store.update(account, id, content, done, now)) {
                throw e;
            }
        }
        return true;
    }
}
