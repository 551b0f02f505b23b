package dev.opencic.client;

import java.util.Objects;

/**
 * A binary part that came with a directive, such as the MP3 of a {@code SpeechSynthesizer.Speak},
 * referenced from the directive's payload as {@code cid:<contentId>}. The bytes are not copied: do
 * not modify the array.
 */
public record Attachment(String contentId, String contentType, byte[] bytes) {

    public Attachment {
        Objects.requireNonNull(contentId, "contentId");
        Objects.requireNonNull(bytes, "bytes");
        if (contentType == null) {
            contentType = "application/octet-stream";
        }
    }

    @Override
    public String toString() {
        return "Attachment[" + contentId + ", " + contentType + ", " + bytes.length + " bytes]";
    }
}
