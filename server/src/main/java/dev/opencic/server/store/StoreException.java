package dev.opencic.server.store;

/** A database operation failed. Unchecked: callers cannot do much beyond failing the request. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
