package dev.opencic.client.context;

import dev.opencic.protocol.payload.Payload;

/** {@code Clova.FreetalkState} (2017 reference): whether free-talk mode is in the foreground, and whether it reprompts. */
public final class FreetalkStateContext extends SettableContext {

    private boolean foreground;
    private boolean reprompt;

    /** Starts with both false. */
    public FreetalkStateContext() {
        super("Clova", "FreetalkState");
    }

    /** Sets both flags. */
    public synchronized void set(boolean foreground, boolean reprompt) {
        this.foreground = foreground;
        this.reprompt = reprompt;
    }

    @Override
    Payload payload() {
        return new ContextObjects.FreetalkState(foreground, reprompt);
    }
}
