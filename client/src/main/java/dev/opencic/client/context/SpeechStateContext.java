package dev.opencic.client.context;

import dev.opencic.protocol.payload.Payload;
import java.util.Objects;

/**
 * {@code SpeechSynthesizer.SpeechState}: the token of the last {@code Speak} and whether its speech
 * is playing, was stopped or finished. Left out until the first {@link #set}. {@link
 * dev.opencic.client.agent.SpeechSynthesizerAgent#context()} keeps one as it plays; an app that
 * plays speech itself sets one as its playback goes. Either way, register it as a context provider.
 */
public final class SpeechStateContext extends SettableContext {

    private String token;
    private ContextObjects.SpeechActivity activity;

    /** Nothing spoken yet: the context is left out. */
    public SpeechStateContext() {
        super("SpeechSynthesizer", "SpeechState");
    }

    /** The speech of the Speak with {@code token} is now {@code activity}. */
    public synchronized void set(String token, ContextObjects.SpeechActivity activity) {
        this.token = Objects.requireNonNull(token, "token");
        this.activity = Objects.requireNonNull(activity, "activity");
    }

    @Override
    Payload payload() {
        return token == null ? null : new ContextObjects.SpeechState(token, activity);
    }
}
