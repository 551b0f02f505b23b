package dev.opencic.client.agent;

import dev.opencic.client.Attachment;

/**
 * Where spoken answers go: a speaker, or a directory for devices without one ({@link
 * SaveToDirectoryAudioOutput}). Used by {@link SpeechSynthesizerAgent}.
 */
public interface AudioOutput {

    /**
     * Plays {@code audio} and returns when it finished playing, or when {@link #stop()} stopped it.
     * Called on the dialog channel thread.
     *
     * @param audio  the attachment (for Speak: MP3 bytes)
     * @param format the payload's {@code format}, e.g. {@code AUDIO_MPEG}
     * @param token  the Speak's token, unique per utterance
     * @throws Exception if it could not be played; the Speak fails and the rest of its dialog is dropped
     */
    void play(Attachment audio, String format, String token) throws Exception;

    /** Stops what {@link #play} is playing now; called from another thread. Does nothing by default. */
    default void stop() {}
}
