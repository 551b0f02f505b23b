package dev.opencic.server.extension;

/**
 * Why an extension's answer could not be used. Never reaches the device: the user hears an apology
 * and the log has one line naming the extension and this reason.
 */
final class ExtensionFailure extends RuntimeException {

    enum Reason { TIMEOUT, CONNECTION, STATUS, INVALID_JSON, OVERSIZED, UNKNOWN_DIRECTIVE, CIRCUIT_OPEN, ERROR }

    private final Reason reason;

    ExtensionFailure(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }

    /** The metric tag: {@code timeout}, {@code invalid_json}... */
    String tag() {
        return reason.name().toLowerCase(java.util.Locale.ROOT);
    }
}
