package dev.opencic.client.agent;

import dev.opencic.client.AgentHost;
import dev.opencic.client.CapabilityAgent;
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

    /** {@code PlaybackController.ExpectNextCommand}; does nothing by default. */
    protected void onExpectNextCommand(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code PlaybackController.ExpectPauseCommand}; does nothing by default. */
    protected void onExpectPauseCommand(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code PlaybackController.ExpectPlayCommand}; does nothing by default. */
    protected void onExpectPlayCommand(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code PlaybackController.ExpectPreviousCommand}; does nothing by default. */
    protected void onExpectPreviousCommand(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code PlaybackController.ExpectResumeCommand}; does nothing by default. */
    protected void onExpectResumeCommand(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code PlaybackController.ExpectStopCommand}; does nothing by default. */
    protected void onExpectStopCommand(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** A name not in {@link #DIRECTIVES} (only reached by subclasses that widen the set); no-op. */
    protected void onOther(ReceivedDirective directive, AgentHost host) throws Exception {}
}
