package dev.opencic.server.skill.reminder;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.payload.Clova;
import dev.opencic.protocol.payload.ContentTemplates;
import dev.opencic.protocol.payload.ContentTemplates.Value;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

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

    /** The 2018 {@code Reminder} content template for the reminder just set. */
    static ContentTemplates.Reminder reminderTemplate(Reminder r) {
        return new ContentTemplates.Reminder(listItem(r));
    }

    /** The 2018 {@code ReminderList} content template, sent beside the 2017 {@code Clova.RenderReminderList}. */
    static ContentTemplates.ReminderList reminderListTemplate(List<Reminder> reminders) {
        return new ContentTemplates.ReminderList(reminders.stream().map(ReminderDirectives::listItem).toList());
    }

    private static ContentTemplates.ReminderListItem listItem(Reminder r) {
        String period = !r.repeats() ? "" : r.repeatDays().size() == 7 ? "daily" : "weekly";
        List<Value> days = !period.equals("weekly") ? List.of() : r.repeatDays().stream().sorted()
                .map(d -> Value.string(d.name().toLowerCase(Locale.ROOT))).toList();
        // A reminder without a time (a to-do) has nothing to show as its time.
        String at = r.remindAt() == null ? "" : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                r.remindAt().atZone(r.zone() != null ? r.zone() : java.time.ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
        return new ContentTemplates.ReminderListItem(Value.string(r.id()), new Value("datetime", at),
                Value.string(period), days, Value.string(r.content()), Value.string(r.content()),
                Value.string(r.done() ? "DONE" : "TODO"));
    }

    static Directive renderReminderList(List<Reminder> reminders, String dialogRequestId) {
        return Directive.of(dialogRequestId, new Clova.RenderReminderList(reminders.stream()
                .map(r -> new Clova.ReminderEntry(r.id(), r.content(), r.done())).toList()));
    }
}
