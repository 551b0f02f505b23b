package dev.opencic.server.console;

/** A request the console refuses: the status to answer and a message safe to show the person. */
final class ConsoleException extends RuntimeException {

    private final int status;

    ConsoleException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static java.util.function.Supplier<ConsoleException> supplier(int status, String message) {
        return () -> new ConsoleException(status, message);
    }

    int status() {
        return status;
    }
}
