package dev.opencic.client.audio;

import dev.opencic.client.AgentHost;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.CicClient;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.client.agent.AudioPlayerAgent;
import dev.opencic.client.agent.PlaybackControllerAgent;
import dev.opencic.client.context.PlaybackStateContext;
import dev.opencic.client.context.VolumeStateContext;
import dev.opencic.protocol.payload.PlaybackController;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Music playback for a device: the {@code AudioPlayer} and {@code PlaybackController} agents, the
 * {@code AudioPlayer.PlaybackState} and {@code Speaker.VolumeState} contexts they keep current,
 * and the play queue behind them. Register it on the client builder with {@link #register}; the
 * audio goes to the {@link MusicOutput} you give it.
 *
 * <ul>
 *   <li>{@code Play}: {@code REPLACE_ALL} stops what plays and starts the item; {@code ENQUEUE}
 *       appends it (and starts it if nothing is playing); {@code REPLACE_ENQUEUED} replaces the
 *       items after the one playing. An item whose {@code url} is not playable ({@code
 *       urlPlayable: false}, or a {@code clova:} URL) is fetched after asking for its URL with
 *       {@code StreamRequested} right before it plays; {@code StreamDeliver} answers.</li>
 *   <li>Events: {@code PlayStarted}, {@code PlayPaused}, {@code PlayResumed}, {@code PlayStopped},
 *       {@code PlayFinished}, and the {@code ProgressReport*Passed} events the item's {@code
 *       progressReport} asks for, in the order things happened, each with the PlaybackState as
 *       it was at that moment.</li>
 *   <li>{@code PlaybackController}: Pause, Resume, Stop, Next, Previous, Replay, the repeat mode,
 *       VolumeUp/VolumeDown (one step of 0..10), Mute/Unmute, and the {@code Expect*Command}
 *       directives (answered with the matching {@code *CommandIssued} event).</li>
 *   <li>An item that cannot be fetched or decoded is skipped; when it was the last one the player
 *       reports {@code PlayStopped} (the reference defines no failure event).</li>
 * </ul>
 *
 * <p>Both agents run on the audio channel, so music goes on while a dialog does.
 */
public final class MusicPlayer implements AutoCloseable {

    private final PlaybackStateContext playbackState = new PlaybackStateContext();
    private final VolumeStateContext volumeState;
    private final RealMusicPlayer player;
    private final AudioPlayerAgent audioPlayerAgent;
    private final PlaybackControllerAgent playbackControllerAgent;

    /** A player to {@code output}, volume 5 of 10, no listener. */
    public MusicPlayer(MusicOutput output) {
        this(output, new MusicListener() {}, 5, Duration.ofSeconds(10));
    }

    /**
     * @param output         where the audio goes
     * @param listener       sees events and failures
     * @param initialVolume  0..10
     * @param deliverTimeout how long an item waits for its {@code StreamDeliver}
     */
    public MusicPlayer(MusicOutput output, MusicListener listener, int initialVolume, Duration deliverTimeout) {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(deliverTimeout, "deliverTimeout");
        if (deliverTimeout.isNegative() || deliverTimeout.isZero()) {
            throw new IllegalArgumentException("deliverTimeout: " + deliverTimeout + " (expected: > 0)");
        }
        this.volumeState = new VolumeStateContext(initialVolume);
        this.player = new RealMusicPlayer(output, listener, playbackState, volumeState, deliverTimeout);
        this.audioPlayerAgent = new Audio();
        this.playbackControllerAgent = new Controller();
    }

    /** Adds both agents and both context providers to {@code builder}. */
    public CicClient.Builder register(CicClient.Builder builder) {
        return builder.agent(audioPlayerAgent).agent(playbackControllerAgent)
                .contextProvider(playbackState).contextProvider(volumeState);
    }

    /** The {@code AudioPlayer} agent. */
    public CapabilityAgent audioPlayerAgent() {
        return audioPlayerAgent;
    }

    /** The {@code PlaybackController} agent. */
    public CapabilityAgent playbackControllerAgent() {
        return playbackControllerAgent;
    }

    /** {@code AudioPlayer.PlaybackState} as the player keeps it. */
    public PlaybackStateContext playbackState() {
        return playbackState;
    }

    /** {@code Speaker.VolumeState}; set it when the user turns the device's own knob. */
    public VolumeStateContext volumeState() {
        return volumeState;
    }

    /** The device's own playback buttons (physical or on screen). */
    public enum Button {
        PLAY("PlayCommandIssued"), PAUSE("PauseCommandIssued"), RESUME("ResumeCommandIssued"),
        STOP("StopCommandIssued"), NEXT("NextCommandIssued"), PREVIOUS("PreviousCommandIssued");

        final String eventName;

        Button(String eventName) {
            this.eventName = eventName;
        }
    }

    /**
     * The user pressed one of the device's buttons: sends {@code PlaybackController.<Button>CommandIssued}
     * with the current context, as the reference asks; the server answers with the directives
     * (for example {@code PlaybackController.Next}), which this player then carries out. Events go
     * out after the playback events already queued, through the client the player was {@link
     * #register registered} with.
     *
     * @throws IllegalStateException if the player is not registered with a built client
     */
    public void press(Button button) {
        Objects.requireNonNull(button, "button");
        player.command(button.eventName);
    }

    /**
     * Completes when every event queued so far has been answered by the server or has failed
     * (failures are logged): wait for it before exiting a program that just played something.
     */
    public CompletableFuture<Void> reportsSent() {
        return player.reportsSent();
    }

    /** Whether an item plays (or is about to) or waits in the queue (tests: no report can follow when not). */
    boolean isPlayingOrQueued() {
        return player.isPlayingOrQueued();
    }

    /** Stops playback at once, without reporting it. The client stays open. */
    @Override
    public void close() {
        player.close();
    }

    private final class Audio extends AudioPlayerAgent {
        @Override
        protected void onAttach(AgentHost host) {
            super.onAttach(host);
            player.attach(host);
        }

        @Override
        protected void onPlay(ReceivedDirective directive, AgentHost host) {
            player.play(directive);
        }

        @Override
        protected void onStreamDeliver(ReceivedDirective directive, AgentHost host) {
            player.streamDeliver(directive);
        }

        @Override
        protected void onClearQueue(ReceivedDirective directive, AgentHost host) {
            player.clearQueue(directive);
        }

        @Override
        protected void onExpectReportPlaybackState(ReceivedDirective directive, AgentHost host) {
            player.reportPlaybackState();
        }
    }

    private final class Controller extends PlaybackControllerAgent {
        @Override
        protected void onAttach(AgentHost host) {
            super.onAttach(host);
            player.attach(host);
        }

        /** {@code Expect<X>Command} is answered with {@code <X>CommandIssued}; the rest dispatch as usual. */
        @Override
        public void handle(ReceivedDirective directive, AgentHost host) throws Exception {
            String name = directive.name();
            if (name.startsWith("Expect") && name.endsWith("Command")) {
                player.command(name.substring("Expect".length()) + "Issued");
            } else {
                super.handle(directive, host);
            }
        }

        @Override
        protected void onPause(ReceivedDirective directive, AgentHost host) {
            player.pause();
        }

        @Override
        protected void onResume(ReceivedDirective directive, AgentHost host) {
            player.resume();
        }

        @Override
        protected void onStop(ReceivedDirective directive, AgentHost host) {
            player.stop();
        }

        @Override
        protected void onNext(ReceivedDirective directive, AgentHost host) {
            player.next();
        }

        @Override
        protected void onPrevious(ReceivedDirective directive, AgentHost host) {
            player.previous();
        }

        @Override
        protected void onReplay(ReceivedDirective directive, AgentHost host) {
            player.replay();
        }

        @Override
        protected void onMute(ReceivedDirective directive, AgentHost host) {
            player.volume(0, true);
        }

        @Override
        protected void onUnmute(ReceivedDirective directive, AgentHost host) {
            player.volume(0, false);
        }

        @Override
        protected void onVolumeUp(ReceivedDirective directive, AgentHost host) {
            player.volume(1, null);
        }

        @Override
        protected void onVolumeDown(ReceivedDirective directive, AgentHost host) {
            player.volume(-1, null);
        }

        @Override
        protected void onSetRepeatMode(ReceivedDirective directive, AgentHost host) {
            player.repeatMode(directive.payload(PlaybackController.SetRepeatMode.class).repeatMode());
        }

        @Override
        protected void onTurnOnRepeatMode(ReceivedDirective directive, AgentHost host) {
            player.repeatMode("REPEAT_ONE");
        }

        @Override
        protected void onTurnOffRepeatMode(ReceivedDirective directive, AgentHost host) {
            player.repeatMode("NONE");
        }
    }
}
