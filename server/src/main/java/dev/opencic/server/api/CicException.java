package dev.opencic.server.api;

import com.linecorp.armeria.common.HttpStatus;

/**
 * A request the server refuses, with the status and the description the device gets in its
 * {@code System.Exception}. The description goes to the device: say what was wrong, never how the
 * server is built.
 */
public final class CicException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient HttpStatus status;
    private final transient java.time.Duration retryAfter;

    public CicException(HttpStatus status, String description) {
        this(status, description, null);
    }

    /** A refusal the device may retry after {@code retryAfter} (sent as {@code Retry-After}, in seconds). */
    public CicException(HttpStatus status, String description, java.time.Duration retryAfter) {
        super(description, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public static CicException badRequest(String description) {
        return new CicException(HttpStatus.BAD_REQUEST, description);
    }

    public static CicException unauthorized(String description) {
        return new CicException(HttpStatus.UNAUTHORIZED, description);
    }

    public static CicException unavailable(String description) {
        return new CicException(HttpStatus.SERVICE_UNAVAILABLE, description);
    }

    public HttpStatus status() {
        return status;
    }

    /** When the device may try again, or null when retrying will not help. */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    public String description() {
        return getMessage();
    }
}
