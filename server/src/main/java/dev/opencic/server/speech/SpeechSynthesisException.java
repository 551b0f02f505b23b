package dev.opencic.server.speech;

/** Synthesis failed; {@link #isUnsupportedLanguage()} tells a bad request from an engine fault. */
public final class SpeechSynthesisException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why synthesis failed, finer than {@link #isUnsupportedLanguage()}. */
    public enum Kind {
        /** The requested {@code lang} is not spoken by the engine: a bad request. */
        UNSUPPORTED_LANGUAGE,
        /** The text cannot be spoken (blank, too long): a bad request. */
        BAD_INPUT,
        /** The engine cannot run here (library or voice missing); the message says how to fix it. */
        UNAVAILABLE,
        /** The engine or the sink failed while synthesising. */
        FAILED
    }

    private final boolean unsupportedLanguage;
    private final Kind kind;

    public SpeechSynthesisException(String message, boolean unsupportedLanguage) {
        this(message, unsupportedLanguage ? Kind.UNSUPPORTED_LANGUAGE : Kind.FAILED);
    }

    public SpeechSynthesisException(String message, Throwable cause) {
        super(message, cause);
        this.unsupportedLanguage = false;
        this.kind = Kind.FAILED;
    }

    public SpeechSynthesisException(String message, Kind kind) {
        super(message);
        this.kind = kind;
        this.unsupportedLanguage = kind == Kind.UNSUPPORTED_LANGUAGE;
    }

    public boolean isUnsupportedLanguage() {
        return unsupportedLanguage;
    }

    /** True for request faults ({@link Kind#UNSUPPORTED_LANGUAGE}, {@link Kind#BAD_INPUT}). */
    public boolean isBadRequest() {
        return kind == Kind.UNSUPPORTED_LANGUAGE || kind == Kind.BAD_INPUT;
    }

    public Kind kind() {
        return kind;
    }
}
