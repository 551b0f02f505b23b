package dev.opencic.server.admin;

/**
 * What an admin command printed and its exit code: the same whether it ran in the server (through
 * the admin endpoint) or in the {@code ./cic admin} process against the database directly.
 */
public record AdminResult(int exitCode, String out, String err) {

    public static AdminResult ok(String line) {
        return new AdminResult(0, line + System.lineSeparator(), "");
    }

    public static AdminResult failed(int exitCode, String line) {
        return new AdminResult(exitCode, "", line + System.lineSeparator());
    }
}
