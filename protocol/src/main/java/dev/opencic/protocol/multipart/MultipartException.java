package dev.opencic.protocol.multipart;

/** The body is not a well-formed multipart message, or it broke a configured limit. */
public class MultipartException extends Exception {
    private static final long serialVersionUID = 1L;

    public MultipartException(String message) {
        super(message);
    }

    public MultipartException(String message, Throwable cause) {
        super(message, cause);
    }
}
