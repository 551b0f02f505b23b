package dev.opencic.server.skill.reminder;

import static dev.opencic.server.skill.EventFields.shorten;

import dev.opencic.protocol.Namespaces;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import dev.opencic.server.skill.EventFields;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The device's reminder events: {@code Created} (a reminder the device made, without a time, or
 * confirming one the server sent with {@code AddReminder}), {@code Updated} (content, and
 * {@code done} when given), {@code Deleted}, and {@code Get}, answered with
 * {@code Clova.RenderReminderList}. An id the account never had is a bad request ({@code 400}).
 */
final class ReminderHandler implements NamespaceHandler {

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
    public Set<String> eventNames() {
        return Set.of("Created", "Updated", "Deleted", "Get");
    }

    @Override
    public CompletableFuture<Reply> handle(EventRequest request) {
        var event = request.event();
        String name = event.name();
        String account = request.device().accountId();
        if (name.equals("Get")) {
            return CompletableFuture.supplyAsync(() -> Reply.of(ReminderDirectives.renderReminderList(
                    store.list(account), request.dialogRequestId())), request.blockingExecutor());
        }
        String id = EventFields.requiredText(event, "id", 64);
        String content = name.equals("Deleted") ? null
                : EventFields.requiredText(event, "content", ReminderSkill.MAX_CONTENT);
        Boolean done = EventFields.optionalBoolean(event, "done").orElse(null);
        return CompletableFuture.supplyAsync(() -> {
            var now = clock.instant();
            boolean known = switch (name) {
                case "Created" -> {
                    // Known (or deleted before): the device's copy wins. New: stored. A concurrent
                    // Created of the same id that inserted first: this one becomes its update.
                    boolean isDone = done != null && done;
                    if (store.update(account, id, content, done, now) || store.revive(account, id, content, isDone, now)) {
                        yield true;
                    }
                    try {
                        store.create(account, new Reminder(id, content, isDone, null, clock.getZone(),
                                request.device(), Reminder.State.PENDING, now));
                    } catch (RuntimeException e) {
                        if (!store.update(account, id, content, done, now)) {
                            throw e;
                        }
                    }
                    yield true;
                }
                case "Updated" -> store.update(account, id, content, done, now);
                default -> store.delete(account, id, now);
            };
            if (!known) {
                throw CicException.badRequest("Reminder." + name + ": unknown reminder id " + shorten(id));
            }
            return Reply.empty();
        }, request.blockingExecutor());
    }
}
