package dev.opencic.server.speech.asr;

/** A recognition failure; subclasses say which kind. */
public class SpeechRecognitionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SpeechRecognitionException(String message) {
        super(message);
    }

    public SpeechRecognitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
