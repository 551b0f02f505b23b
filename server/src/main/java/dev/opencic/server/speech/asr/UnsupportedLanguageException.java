package dev.opencic.server.speech.asr;

import java.util.Set;
import java.util.TreeSet;

/** The requested language is not recognised by the engine; the message names the supported ones. */
public final class UnsupportedLanguageException extends SpeechRecognitionException {

    private static final long serialVersionUID = 1L;

    private final String language;
    private final Set<String> supported;

    public UnsupportedLanguageException(String language, Set<String> supported) {
        super("lang '" + language + "' is not supported for speech recognition; supported: "
                + String.join(", ", new TreeSet<>(supported)));
        this.language = language;
        this.supported = Set.copyOf(supported);
    }

    public String language() {
        return language;
    }

    public Set<String> supported() {
        return supported;
    }
}
