package dev.opencic.server.skill.reminder;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.payload.Clova;
import java.util.List;

/** The {@code Clova} reminder directives as the seed reference defines them. */
final class ReminderDirectives {

    private ReminderDirectives() {}

    static Directive addReminder(Reminder r, String dialogRequestId) {
        return Directive.of(dialogRequestId, new Clova.AddReminder(r.id(), r.content()));
    }

    /** {@code Clova.DeleteReminder}; {@code id} (an addition) names the reminder when the server knows it. */
    static Directive deleteReminder(String idOrNull, String dialogRequestId) {
        return Directive.of(dialogRequestId, new Clova.DeleteReminder(idOrNull));
    }

    static Directive renderReminderList(List<Reminder> reminders, String dialogRequestId) {
        return Directive.of(dialogRequestId, new Clova.RenderReminderList(reminders.stream()
                .map(r -> new Clova.ReminderEntry(r.id(), r.content(), r.done())).toList()));
    }
}
