package dev.opencic.protocol.payload;

/** The payloads of this project's {@code Memo} namespace: the device's edits to its memos. */
public final class Memo {
    private Memo() {}

    /**
     * Events {@code Created}, {@code Updated} and {@code Deleted}; {@code timestamp} (ISO 8601 with
     * offset) is when the edit was made on the device, {@code content} is absent on a delete.
     */
    public record Change(String id, String content, String timestamp) implements ListEdit {}

    /** Event {@code Get}: the device asks for the list. No fields. */
    public record Get() implements Payload {}
}
