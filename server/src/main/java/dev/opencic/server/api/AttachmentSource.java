package dev.opencic.server.api;

import java.util.function.Consumer;

/**
 * Produces the bytes of a binary part (speech audio) while the response is being written, so the
 * device receives the first bytes as soon as they exist. Called once, on a blocking-task thread.
 */
@FunctionalInterface
public interface AttachmentSource {
    void writeTo(Consumer<byte[]> sink) throws Exception;

    /**
     * The whole part when it is already known (a cached answer), written at once without waiting
     * for a thread of the stage that produces such parts; null when it must be produced.
     */
    default byte[] ready() {
        return null;
    }
}
