package dev.opencic.client.agent;

import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.CicClient;
import dev.opencic.client.ReceivedDirective;
import java.util.Set;

/**
 * The capability agent of the {@code PlaybackController} namespace. Playback and volume control. Runs on the {@link Channel#AUDIO} channel with the AudioPlayer, so pausing music does not wait for the dialog.
 *
 * <p>Override the {@code on...} methods you support; the others do nothing, which marks the
 * directive handled. Methods run on the directive channel thread and may block.
 */
public class PlaybackControllerAgent extends CapabilityAgent {

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
    public void handle(ReceivedDirective directive, CicClient client) throws Exception {
        switch (directive.name()) {
            case "Pause" -> onPause(directive, client);
            case "Resume" -> onResume(directive, client);
            case "Stop" -> onStop(directive, client);
            case "Next" -> onNext(directive, client);
            case "Previous" -> onPrevious(directive, client);
            case "Replay" -> onReplay(directive, client);
            case "Mute" -> onMute(directive, client);
            case "Unmute" -> onUnmute(directive, client);
            case "VolumeUp" -> onVolumeUp(directive, client);
            case "VolumeDown" -> onVolumeDown(directive, client);
            case "SetRepeatMode" -> onSetRepeatMode(directive, client);
            case "TurnOnRepeatMode" -> onTurnOnRepeatMode(directive, client);
            case "TurnOffRepeatMode" -> onTurnOffRepeatMode(directive, client);
            case "ExpectNextCommand" -> onExpectNextCommand(directive, client);
            case "ExpectPauseCommand" -> onExpectPauseCommand(directive, client);
            case "ExpectPlayCommand" -> onExpectPlayCommand(directive, client);
            case "ExpectPreviousCommand" -> onExpectPreviousCommand(directive, client);
            case "ExpectResumeCommand" -> onExpectResumeCommand(directive, client);
            case "ExpectStopCommand" -> onExpectStopCommand(directive, client);
            default -> onOther(directive, client);
        }
    }

    /** {@code PlaybackController.Pause}; does nothing by default. */
    protected void onPause(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code PlaybackController.Resume}; does nothing by default. */
    protected void onResume(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code PlaybackController.Stop}; does nothing by default. */
    protected void onStop(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code PlaybackController.Next}; does nothing by default. */
    protected void onNext(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code PlaybackController.Previous}; does nothing by default. */
    protected void onPrevious(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code PlaybackController.Replay}; does nothing by default. */
    protected void onReplay(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code PlaybackController.Mute}; does nothing by default. */
    protected void onMute(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code PlaybackController.Unmute}; does nothing by default. */
    protected void onUnmute(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code PlaybackController.VolumeUp}; does nothing by default. */
    protected void onVolumeUp(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code PlaybackController.VolumeDown}; does nothing by default. */
    protected void onVolumeDown(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code PlaybackController.SetRepeatMode}; does nothing by default. */
    protected void onSetRepeatMode(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code PlaybackController.TurnOnRepeatMode}; does nothing by default. */
    protected void onTurnOnRepeatMode(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code PlaybackController.TurnOffRepeatMode}; does nothing by default. */
    protected void onTurnOffRepeatMode(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code PlaybackController.ExpectNextCommand}; does nothing by default. */
    protected void onExpectNextCommand(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code PlaybackController.ExpectPauseCommand}; does nothing by default. */
    protected void onExpectPauseCommand(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code PlaybackController.ExpectPlayCommand}; does nothing by default. */
    protected void onExpectPlayCommand(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code PlaybackController.ExpectPreviousCommand}; does nothing by default. */
    protected void onExpectPreviousCommand(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code PlaybackController.ExpectResumeCommand}; does nothing by default. */
    protected void onExpectResumeCommand(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code PlaybackController.ExpectStopCommand}; does nothing by default. */
    protected void onExpectStopCommand(ReceivedDirective directive, CicClient client) throws Exception {}

    /** A name not in {@link #DIRECTIVES} (only reached by subclasses that widen the set); no-op. */
    protected void onOther(ReceivedDirective directive, CicClient client) throws Exception {}
}
