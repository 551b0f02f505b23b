package dev.opencic.protocol.payload;

/** The {@code Speaker} context object (VolumeState.md). */
public final class Speaker {
    private Speaker() {}

    /** Context object {@code VolumeState}: volume 0 to 10 and whether the sound is off. */
    public record VolumeState(Integer volume, Boolean muted) implements Payload {}
}
