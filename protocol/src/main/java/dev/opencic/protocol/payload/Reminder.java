package dev.opencic.protocol.payload;

/** The payloads of this project's {@code Reminder} namespace: the device's edits to its reminders. */
public final class Reminder {
    private Reminder() {}

    /** Events {@code Created}, {@code Updated} and {@code Deleted}; {@code done} only when it changes. */
    public record Change(String id, String content, Boolean done) implements ListEdit {}

    /** Event {@code Get}: the device asks for the list. No fields. */
    public record Get() implements Payload {}
}
