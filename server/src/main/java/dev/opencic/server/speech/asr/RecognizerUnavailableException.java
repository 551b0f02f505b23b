package dev.opencic.server.speech.asr;

/** The engine cannot recognise (libraries or model missing, or closed); the message says how to fix it. */
public final class RecognizerUnavailableException extends SpeechRecognitionException {

    private static final long serialVersionUID = 1L;

    public RecognizerUnavailableException(String message) {
        super(message);
    }
}
