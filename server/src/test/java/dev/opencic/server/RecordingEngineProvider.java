package dev.opencic.server;

import dev.opencic.server.speech.asr.DisabledRecognitionEngine;
import dev.opencic.server.speech.asr.SpeechRecognitionEngine;
import dev.opencic.server.speech.asr.SpeechRecognitionEngineProvider;

/**
 * A second recognition engine for {@link SpeechEnginesTest}, found through
 * {@code META-INF/services} as a deployment's engine would be: it keeps what the server handed it.
 */
public final class RecordingEngineProvider implements SpeechRecognitionEngineProvider {

    static volatile Context lastContext;

    @Override
    public String name() {
        return "recording-test";
    }

    @Override
    public SpeechRecognitionEngine create(Context context) {
        lastContext = context;
        return new DisabledRecognitionEngine("made by RecordingEngineProvider");
    }
}
