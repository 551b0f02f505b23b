package dev.opencic.protocol.payload;

/** The payloads of the {@code PlaybackController} namespace with fields (PlaybackController.md). */
public final class PlaybackController {
    private PlaybackController() {}

    /** Repeat mode values of the reference: {@code NONE}, {@code REPEAT_ONE}. */
    public static final String REPEAT_NONE = "NONE";
    public static final String REPEAT_ONE = "REPEAT_ONE";

    /** Directive {@code SetRepeatMode}: NONE or REPEAT_ONE (the reference names those two). */
    public record SetRepeatMode(String repeatMode) implements Payload {}

    /** {@code handover} of {@link ExpectPlayCommand} and {@link PlayCommandIssued}: playback taken over from another device. */
    public record Handover(String deviceId, String customData) {}

    /**
     * Directive {@code ExpectPlayCommand}: press Play yourself and send {@link PlayCommandIssued},
     * with this {@code token} and {@code handover} when given.
     */
    public record ExpectPlayCommand(Handover handover, String token) implements Payload {}

    /**
     * Events {@code NextCommandIssued}, {@code PauseCommandIssued}, {@code PreviousCommandIssued},
     * {@code ResumeCommandIssued} and {@code StopCommandIssued}: {@code deviceId} only when the
     * button controls another device's playback.
     */
    public record CommandIssued(String deviceId) implements Payload {}

    /**
     * Event {@code PlayCommandIssued}: {@code token} names an item of the player's list
     * ({@code TemplateRuntime.RenderPlayerInfo}'s {@code playableItems[].token}) or the one an
     * {@link ExpectPlayCommand} gave.
     */
    public record PlayCommandIssued(String deviceId, Handover handover, String token) implements Payload {}

    /** Event {@code SetRepeatModeCommandIssued}: the device's Repeat button. */
    public record SetRepeatModeCommandIssued(String deviceId, String repeatMode) implements Payload {}

    /** Event {@code CustomCommandIssued}: one of the device's shortcut buttons, e.g. {@code CUSTOM_BUTTON_2}. */
    public record CustomCommandIssued(String button) implements Payload {}
}
