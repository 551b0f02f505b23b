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

    public CicException(HttpStatus status, String description) {
        super(description, null, false, false);
        this.status = status;
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

    public String description() {
        return getMessage();
    }
}
