package dev.opencic.server.speech;

/** Synthesis failed; {@link #isUnsupportedLanguage()} tells a bad request from an engine fault. */
public final class SpeechSynthesisException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean unsupportedLanguage;

    public SpeechSynthesisException(String message, boolean unsupportedLanguage) {
        super(message);
        this.unsupportedLanguage = unsupportedLanguage;
    }

    public SpeechSynthesisException(String message, Throwable cause) {
        super(message, cause);
        this.unsupportedLanguage = false;
    }

    public boolean isUnsupportedLanguage() {
        return unsupportedLanguage;
    }
}
