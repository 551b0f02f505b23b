package dev.opencic.protocol.payload;

/** The payloads of the {@code PlaybackController} namespace with fields (PlaybackController.md). */
public final class PlaybackController {
    private PlaybackController() {}

    /** Directive {@code SetRepeatMode}: NONE, REPEAT_ONE or REPEAT_ALL (as the server sends it). */
    public record SetRepeatMode(String repeatMode) implements Payload {}
}
