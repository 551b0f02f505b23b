package dev.opencic.protocol;

/** A message that is not valid CIC: unreadable JSON, a missing field, a field of the wrong type. */
public final class MessageFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public MessageFormatException(String message) {
        super(message);
    }

    public MessageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
