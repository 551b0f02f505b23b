package dev.opencic.client.agent;

import dev.opencic.client.AgentHost;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.EventResponse;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.protocol.payload.Payload;
import dev.opencic.protocol.payload.PlaybackController;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The capability agent of the {@code PlaybackController} namespace. Playback and volume control. Runs on the {@link Channel#AUDIO} channel with the AudioPlayer, so pausing music does not wait for the dialog.
 *
 * <p>Override the {@code on...} methods you support; the others do nothing, which marks the
 * directive handled, except the {@code Expect<X>Command} ones: by default they send the matching
 * {@code <X>CommandIssued} (with the {@code token} and {@code handover} of {@code ExpectPlayCommand}),
 * as the reference requires; a device with a player of its own overrides them to act first. The
 * device's buttons are sent with {@link #commandIssued}, {@link #playItem}, {@link #repeatModeIssued}
 * and {@link #customCommandIssued}. Methods run on the directive channel thread and may block.
 */
public class PlaybackControllerAgent extends CapabilityAgent {

    private static final String NAMESPACE = "PlaybackController";

    private volatile AgentHost host;

    /** The directive names this agent dispatches. */
    public static final Set<String> DIRECTIVES = Set.of("Pause", "Resume", "Stop", "Next", "Previous", "Replay", "Mute", "Unmute", "VolumeUp", "VolumeDown", "SetRepeatMode", "TurnOnRepeatMode", "TurnOffRepeatMode", "ExpectNextCommand", "ExpectPauseCommand", "ExpectPlayCommand", "ExpectPreviousCommand", "ExpectResumeCommand", "ExpectStopCommand");

    /** An agent for every PlaybackController directive. */
    public PlaybackControllerAgent() {
        super("PlaybackController", DIRECTIVES);
    }

    /** {@link Channel#AUDIO}: independent of the dialog channel. */
    @Override
    public Channel channel() {
        return Channel.AUDIO;
    }

    /** Dispatches to the {@code on...} method for the directive's name. */
    @Override
    public void handle(ReceivedDirective directive, AgentHost host) throws Exception {
        switch (directive.name()) {
            case "Pause" -> onPause(directive, host);
            case "Resume" -> onResume(directive, host);
            case "Stop" -> onStop(directive, host);
            case "Next" -> onNext(directive, host);
            case "Previous" -> onPrevious(directive, host);
            case "Replay" -> onReplay(directive, host);
            case "Mute" -> onMute(directive, host);
            case "Unmute" -> onUnmute(directive, host);
            case "VolumeUp" -> onVolumeUp(directive, host);
            case "VolumeDown" -> onVolumeDown(directive, host);
            case "SetRepeatMode" -> onSetRepeatMode(directive, host);
            case "TurnOnRepeatMode" -> onTurnOnRepeatMode(directive, host);
            case "TurnOffRepeatMode" -> onTurnOffRepeatMode(directive, host);
            case "ExpectNextCommand" -> onExpectNextCommand(directive, host);
            case "ExpectPauseCommand" -> onExpectPauseCommand(directive, host);
            case "ExpectPlayCommand" -> onExpectPlayCommand(directive, host);
            case "ExpectPreviousCommand" -> onExpectPreviousCommand(directive, host);
            case "ExpectResumeCommand" -> onExpectResumeCommand(directive, host);
            case "ExpectStopCommand" -> onExpectStopCommand(directive, host);
            default -> onOther(directive, host);
        }
    }

    /** {@code PlaybackController.Pause}; does nothing by default. */
    protected void onPause(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code PlaybackController.Resume}; does nothing by default. */
    protected void onResume(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code PlaybackController.Stop}; does nothing by default. */
    protected void onStop(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code PlaybackController.Next}; does nothing by default. */
    protected void onNext(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code PlaybackController.Previous}; does nothing by default. */
    protected void onPrevious(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code PlaybackController.Replay}; does nothing by default. */
    protected void onReplay(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code PlaybackController.Mute}; does nothing by default. */
    protected void onMute(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code PlaybackController.Unmute}; does nothing by default. */
    protected void onUnmute(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code PlaybackController.VolumeUp}; does nothing by default. */
    protected void onVolumeUp(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code PlaybackController.VolumeDown}; does nothing by default. */
    protected void onVolumeDown(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code PlaybackController.SetRepeatMode}; does nothing by default. */
    protected void onSetRepeatMode(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code PlaybackController.TurnOnRepeatMode}; does nothing by default. */
    protected void onTurnOnRepeatMode(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code PlaybackController.TurnOffRepeatMode}; does nothing by default. */
    protected void onTurnOffRepeatMode(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code PlaybackController.ExpectNextCommand}: sends {@code NextCommandIssued} by default. */
    protected void onExpectNextCommand(ReceivedDirective directive, AgentHost host) throws Exception {
        host.send(NAMESPACE, "NextCommandIssued", new PlaybackController.CommandIssued(null));
    }

    /** {@code PlaybackController.ExpectPauseCommand}: sends {@code PauseCommandIssued} by default. */
    protected void onExpectPauseCommand(ReceivedDirective directive, AgentHost host) throws Exception {
        host.send(NAMESPACE, "PauseCommandIssued", new PlaybackController.CommandIssued(null));
    }

    /**
     * {@code PlaybackController.ExpectPlayCommand}: sends {@code PlayCommandIssued} by default, with
     * the directive's {@code token} and {@code handover} (see {@link #onExpectPlayCommand(PlaybackController.ExpectPlayCommand, ReceivedDirective)}).
     */
    protected void onExpectPlayCommand(ReceivedDirective directive, AgentHost host) throws Exception {
        onExpectPlayCommand(directive.payload(PlaybackController.ExpectPlayCommand.class), directive);
    }

    /** The typed {@code ExpectPlayCommand}: sends {@code PlayCommandIssued} with its token and handover. */
    protected void onExpectPlayCommand(PlaybackController.ExpectPlayCommand payload, ReceivedDirective directive)
            throws Exception {
        attached().send(NAMESPACE, "PlayCommandIssued",
                new PlaybackController.PlayCommandIssued(null, payload.handover(), payload.token()));
    }

    /** {@code PlaybackController.ExpectPreviousCommand}: sends {@code PreviousCommandIssued} by default. */
    protected void onExpectPreviousCommand(ReceivedDirective directive, AgentHost host) throws Exception {
        host.send(NAMESPACE, "PreviousCommandIssued", new PlaybackController.CommandIssued(null));
    }

    /** {@code PlaybackController.ExpectResumeCommand}: sends {@code ResumeCommandIssued} by default. */
    protected void onExpectResumeCommand(ReceivedDirective directive, AgentHost host) throws Exception {
        host.send(NAMESPACE, "ResumeCommandIssued", new PlaybackController.CommandIssued(null));
    }

    /** {@code PlaybackController.ExpectStopCommand}: sends {@code StopCommandIssued} by default. */
    protected void onExpectStopCommand(ReceivedDirective directive, AgentHost host) throws Exception {
        host.send(NAMESPACE, "StopCommandIssued", new PlaybackController.CommandIssued(null));
    }

    /** A name not in {@link #DIRECTIVES} (only reached by subclasses that widen the set); no-op. */
    protected void onOther(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** Remembers the client for the event methods; a subclass overriding this calls {@code super.onAttach(host)}. */
    @Override
    protected void onAttach(AgentHost host) {
        this.host = host;
    }

    /**
     * Sends {@code <command>CommandIssued} ({@code Next}, {@code Previous}, {@code Pause}, {@code
     * Resume}, {@code Play}, {@code Stop}); {@code deviceId} names another device of the account to
     * control remotely, or is null for this one.
     */
    public CompletableFuture<EventResponse> commandIssued(String command, String deviceId) {
        Objects.requireNonNull(command, "command");
        Payload payload = switch (command) {
            case "Play" -> new PlaybackController.PlayCommandIssued(deviceId, null, null);
            case "Next", "Previous", "Pause", "Resume", "Stop" -> new PlaybackController.CommandIssued(deviceId);
            default -> throw new IllegalArgumentException("command: " + command
                    + " (expected: Next, Previous, Pause, Resume, Play or Stop)");
        };
        return send(command + "CommandIssued", payload);
    }

    /** Sends {@code PlayCommandIssued} for one entry of the player's list ({@code RenderPlayerInfo}'s token). */
    public CompletableFuture<EventResponse> playItem(String token) {
        return send("PlayCommandIssued", new PlaybackController.PlayCommandIssued(null, null,
                Objects.requireNonNull(token, "token")));
    }

    /** Sends {@code SetRepeatModeCommandIssued} ({@code NONE} or {@code REPEAT_ONE}); {@code deviceId} as in {@link #commandIssued}. */
    public CompletableFuture<EventResponse> repeatModeIssued(String repeatMode, String deviceId) {
        if (!PlaybackController.REPEAT_NONE.equals(repeatMode) && !PlaybackController.REPEAT_ONE.equals(repeatMode)) {
            throw new IllegalArgumentException("repeatMode: " + repeatMode + " (expected: NONE or REPEAT_ONE)");
        }
        return send("SetRepeatModeCommandIssued", new PlaybackController.SetRepeatModeCommandIssued(deviceId, repeatMode));
    }

    /** Sends {@code CustomCommandIssued} for a shortcut button such as {@code CUSTOM_BUTTON_2}. */
    public CompletableFuture<EventResponse> customCommandIssued(String button) {
        return send("CustomCommandIssued", new PlaybackController.CustomCommandIssued(Objects.requireNonNull(button, "button")));
    }

    private CompletableFuture<EventResponse> send(String name, Payload payload) {
        return attached().send(NAMESPACE, name, payload);
    }

    private AgentHost attached() {
        AgentHost h = host;
        if (h == null) {
            throw new IllegalStateException("PlaybackControllerAgent is not registered with a built CicClient");
        }
        return h;
    }
}
