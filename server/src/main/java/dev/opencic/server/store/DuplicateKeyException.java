package dev.opencic.server.store;

/** An insert hit a primary key or unique constraint (SQLSTATE 23505 on both H2 and PostgreSQL). */
public class DuplicateKeyException extends StoreException {
    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
