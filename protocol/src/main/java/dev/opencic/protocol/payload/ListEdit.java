package dev.opencic.protocol.payload;

/**
 * The event payload of a list the device edits and the cloud keeps a copy of ({@code Memo},
 * {@code Reminder}): which entry, and its text ({@code null} on a delete).
 */
public interface ListEdit extends Payload {
    String id();

    String content();
}
