package dev.opencic.client.context;

import dev.opencic.protocol.payload.Payload;

/** {@code Speaker.VolumeState}: {@code volume} 0 to 10 and {@code muted}. */
public final class VolumeStateContext extends SettableContext {

    private int volume;
    private boolean muted;

    /** Starts at {@code volume}, not muted. */
    public VolumeStateContext(int volume) {
        super("Speaker", "VolumeState");
        set(volume, false);
    }

    /** Sets both values. @throws IllegalArgumentException if volume is outside 0..10 */
    public synchronized void set(int volume, boolean muted) {
        if (volume < 0 || volume > 10) {
            throw new IllegalArgumentException("volume: " + volume + " (expected: 0..10)");
        }
        this.volume = volume;
        this.muted = muted;
    }

    /** The current volume. */
    public synchronized int volume() {
        return volume;
    }

    /** Whether the speaker is muted. */
    public synchronized boolean muted() {
        return muted;
    }

    @Override
    Payload payload() {
        return new ContextObjects.VolumeState(volume, muted);
    }
}
