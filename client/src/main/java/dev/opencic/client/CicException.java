package dev.opencic.client;

import java.io.IOException;

/**
 * An error the server reported: the HTTP status and, when the body held one, the {@code
 * System.Exception} message's {@code code} and {@code description}. Also used for a {@code
 * System.Exception} pushed on the downchannel (then {@link #httpStatus()} is 200).
 */
public final class CicException extends IOException {

    private final int httpStatus;
    private final int code;
    private final String description;

    /** An error with the status of the HTTP response, the exception's code and its description. */
    public CicException(int httpStatus, int code, String description) {
        super("CIC error " + code + (httpStatus != code ? " (HTTP " + httpStatus + ")" : "") + ": " + description);
        this.httpStatus = httpStatus;
        this.code = code;
        this.description = description;
    }

    /** The HTTP status of the response that carried the error. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The {@code code} of the {@code System.Exception} payload (the HTTP status on OpenCIC). */
    public int code() {
        return code;
    }

    /** What the server said was wrong. */
    public String description() {
        return description;
    }
}
