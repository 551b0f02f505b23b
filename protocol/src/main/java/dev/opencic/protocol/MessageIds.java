package dev.opencic.protocol;

import java.util.UUID;

/** Message ids, tokens and Content-IDs are random UUIDs, as in the reference examples. */
public final class MessageIds {
    private MessageIds() {}

    public static String newId() {
        return UUID.randomUUID().toString();
    }
}
