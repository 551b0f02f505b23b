package dev.opencic.protocol.payload;

import java.util.List;

/**
 * The payloads of the {@code Clova} namespace this project sends (Clova.md), and the {@code Clova}
 * context objects it reads ({@code Location}, {@code SavedPlace}). Memo, reminder and schedule
 * directives are the seed reference's; {@code id} on the delete directives is this project's addition.
 */
public final class Clova {
    private Clova() {}

    /** Directive {@code Hello}: the downchannel is open. No fields. */
    public record Hello() implements Payload {}

    /** Directive {@code RenderText}: text to show. */
    public record RenderText(String text) implements Payload {}

    /** {@code Clova.Help}: the device gives the user its help guide (no payload fields). */
    public record Help() implements Payload {}

    /**
     * Directive {@code ExpectLogin} (no fields): the request needs an account and the device runs in
     * guest mode; the device asks its user to log in (the request is not kept: asked again after).
     */
    public record ExpectLogin() implements Payload {}

    /** Directive {@code AddMemo}. */
    public record AddMemo(String id, String content) implements Payload {}

    /** Directive {@code DeleteMemo}: without {@code id} the device lets the user pick. */
    public record DeleteMemo(String id) implements Payload {}

    /** One entry of {@link RenderMemoList}; {@code timestamp} is ISO 8601 in UTC. */
    public record MemoEntry(String id, String content, String timestamp) {}

    /** Directive {@code RenderMemoList}. */
    public record RenderMemoList(List<MemoEntry> memo) implements Payload {
        public RenderMemoList {
            memo = memo == null ? List.of() : List.copyOf(memo);
        }
    }

    /** Directive {@code AddReminder}. */
    public record AddReminder(String id, String content) implements Payload {}

    /** Directive {@code DeleteReminder}: without {@code id} the device lets the user pick. */
    public record DeleteReminder(String id) implements Payload {}

    /** One entry of {@link RenderReminderList}. */
    public record ReminderEntry(String id, String content, boolean done) {}

    /** Directive {@code RenderReminderList}. */
    public record RenderReminderList(List<ReminderEntry> reminder) implements Payload {
        public RenderReminderList {
            reminder = reminder == null ? List.of() : List.copyOf(reminder);
        }
    }

    /** Directive {@code AddSchedule}: {@code scheduledTime} ISO 8601 with offset, {@code period} e.g. {@code PT1H}. */
    public record AddSchedule(String id, String scheduledTime, String period, String content) implements Payload {}

    /** Directives {@code GetSchedule} and {@code CountSchedule}: the span asked about. */
    public record ScheduleSpan(String scheduledTime, String period) implements Payload {}

    /** Directive {@code DeleteSchedule}: the span cleared, or with {@code id} the one entry deleted. */
    public record DeleteSchedule(String scheduledTime, String period, String id) implements Payload {}

    /** Context object {@code Location}: coordinates as decimal strings, as the reference writes them. */
    public record Location(String latitude, String longitude, String refreshedAt) implements Payload {}

    /** One place of {@link SavedPlace}. */
    public record Place(String name, String latitude, String longitude, String refreshedAt) {}

    /** Context object {@code SavedPlace}: the places the user named ("Home", "Work"). */
    public record SavedPlace(List<Place> places) implements Payload {
        public SavedPlace {
            places = places == null ? List.of() : List.copyOf(places);
        }
    }

    /** Directive {@code HandleDelegatedEvent}: a request was delegated to this device; answer with {@link ProcessDelegatedEvent}. */
    public record HandleDelegatedEvent(String delegationId) implements Payload {}

    /** Event {@code ProcessDelegatedEvent}: asks for the result of the delegated request, its {@code delegationId} unaltered. */
    public record ProcessDelegatedEvent(String delegationId) implements Payload {}
}
