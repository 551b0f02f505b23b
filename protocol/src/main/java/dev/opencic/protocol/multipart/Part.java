package dev.opencic.protocol.multipart;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One whole multipart part: headers and body, for code that writes or reads small bodies in one
 * go ({@link MultipartWriter#encode}, {@link MultipartWriter#parseAll}). The body array is not
 * copied; do not change it after handing it over. Equality compares body contents.
 */
public record Part(PartHeaders headers, byte[] body) {

    public Part {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /** The body decoded as UTF-8 (for JSON parts). */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Part other && headers.equals(other.headers) && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return 31 * headers.hashCode() + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "Part[" + headers + ", " + body.length + " bytes]";
    }
}
