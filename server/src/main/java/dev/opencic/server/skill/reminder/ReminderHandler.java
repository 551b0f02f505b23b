package dev.opencic.server.skill.reminder;

import static dev.opencic.server.skill.EventFields.shorten;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Namespaces;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.EventPayloads;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.skill.DeviceListHandler;
import dev.opencic.server.skill.EventFields;
import java.time.Clock;

/**
 * The device's reminder events: {@code Created} (a reminder the device made, without a time, or
 * confirming one the server sent with {@code AddReminder}), {@code Updated} (content, and
 * {@code done} when given), {@code Deleted}, and {@code Get}, answered with
 * {@code Clova.RenderReminderList}. An id the account never had is a bad request ({@code 400}).
 */
final class ReminderHandler extends DeviceListHandler {

    private final ReminderStore store;
    private final Clock clock;

    ReminderHandler(ReminderStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String namespace() {
        return Namespaces.REMINDER;
    }

    @Override
    protected Directive list(String account, String dialogRequestId) {
        return ReminderDirectives.renderReminderList(store.list(account), dialogRequestId);
    }

    @Override
    protected Runnable edit(EventRequest request, String account) {
        var event = request.event();
        String name = event.name();
        var change = EventPayloads.read(event, dev.opencic.protocol.payload.Reminder.Change.class);
        String id = EventFields.requiredText(event, "id", change.id(), 64);
        String content = name.equals("Deleted") ? null
                : EventFields.requiredText(event, "content", change.content(), ReminderSkill.MAX_CONTENT);
        Boolean done = change.done();
        return () -> {
            var now = clock.instant();
            boolean known = switch (name) {
                case "Created" -> created(request, account, id, content, done, now);
                case "Updated" -> store.update(account, id, content, done, now);
                default -> store.delete(account, id, now);
            };
            if (!known) {
                throw CicException.badRequest("Reminder." + name + ": unknown reminder id " + shorten(id));
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
