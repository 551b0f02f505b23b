package dev.opencic.server.skill.reminder;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Namespaces;
import java.util.List;

/** The {@code Clova} reminder directives as the seed reference defines them. */
final class ReminderDirectives {

    private ReminderDirectives() {}

    static Directive addReminder(Reminder r, String dialogRequestId) {
        Directive d = Directive.of(Namespaces.CLOVA, "AddReminder", dialogRequestId);
        d.payload().put("id", r.id()).put("content", r.content());
        return d;
    }

    /** {@code Clova.DeleteReminder}; {@code id} (an addition) names the reminder when the server knows it. */
    static Directive deleteReminder(String idOrNull, String dialogRequestId) {
        Directive d = Directive.of(Namespaces.CLOVA, "DeleteReminder", dialogRequestId);
        if (idOrNull != null) {
            d.payload().put("id", idOrNull);
        }
        return d;
    }

    static Directive renderReminderList(List<Reminder> reminders, String dialogRequestId) {
        Directive d = Directive.of(Namespaces.CLOVA, "RenderReminderList", dialogRequestId);
        ArrayNode list = d.payload().putArray("reminder");
        for (Reminder r : reminders) {
            list.addObject().put("id", r.id()).put("content", r.content()).put("done", r.done());
        }
        return d;
    }
}
