package dev.opencic.client.agent;

import dev.opencic.client.AgentHost;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.EventResponse;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.protocol.payload.AudioPlayer;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The capability agent of the {@code AudioPlayer} namespace. Music and other long audio. Runs on the {@link Channel#AUDIO} channel, so playback commands go on while a dialog runs. {@code Play} should start playback and return (report {@code PlayStarted}, {@code PlayFinished} and so on as it goes), not block until the song ends.
 *
 * <p>Override the {@code on...} methods you support; the others do nothing, which marks the
 * directive handled. Methods run on the directive channel thread and may block.
 */
public class AudioPlayerAgent extends CapabilityAgent {

    /** The directive names this agent dispatches. */
    public static final Set<String> DIRECTIVES = Set.of("Play", "StreamDeliver", "ClearQueue", "ExpectReportPlaybackState",
            "SynchronizePlaybackState");

    private volatile AgentHost host;

    /** An agent for every AudioPlayer directive. */
    public AudioPlayerAgent() {
        super("AudioPlayer", DIRECTIVES);
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
            case "Play" -> onPlay(directive, host);
            case "StreamDeliver" -> onStreamDeliver(directive, host);
            case "ClearQueue" -> onClearQueue(directive, host);
            case "ExpectReportPlaybackState" -> onExpectReportPlaybackState(directive, host);
            case "SynchronizePlaybackState" -> onSynchronizePlaybackState(
                    directive.payload(AudioPlayer.SynchronizePlaybackState.class), directive);
            default -> onOther(directive, host);
        }
    }

    /** {@code AudioPlayer.Play}; does nothing by default. */
    protected void onPlay(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code AudioPlayer.StreamDeliver}; does nothing by default. */
    protected void onStreamDeliver(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code AudioPlayer.ClearQueue}; does nothing by default. */
    protected void onClearQueue(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code AudioPlayer.ExpectReportPlaybackState}; does nothing by default. */
    protected void onExpectReportPlaybackState(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** A name not in {@link #DIRECTIVES} (only reached by subclasses that widen the set); no-op. */
    protected void onOther(ReceivedDirective directive, AgentHost host) throws Exception {}

    /**
     * {@code SynchronizePlaybackState}: the playback state of another device of the account (the
     * answer to {@link #requestPlaybackState}); does nothing by default.
     */
    protected void onSynchronizePlaybackState(AudioPlayer.SynchronizePlaybackState payload, ReceivedDirective directive)
            throws Exception {}

    /**
     * Remembers the client for {@link #requestPlaybackState} and {@link #reportPlaybackState};
     * a subclass overriding this calls {@code super.onAttach(host)}.
     */
    @Override
    protected void onAttach(AgentHost host) {
        this.host = host;
    }

    /**
     * Sends {@code RequestPlaybackState} (an app's request, internal-only in the reference): the
     * state of device {@code deviceId}, or of every other device of the account when null, comes
     * back as {@code SynchronizePlaybackState} now and again once each device has reported.
     */
    public CompletableFuture<EventResponse> requestPlaybackState(String deviceId) {
        return attached().send("AudioPlayer", "RequestPlaybackState", new AudioPlayer.RequestPlaybackState(deviceId));
    }

    /** Sends {@code ReportPlaybackState} with this state (what {@code ExpectReportPlaybackState} asks for). */
    public CompletableFuture<EventResponse> reportPlaybackState(AudioPlayer.PlaybackState state) {
        return attached().send("AudioPlayer", "ReportPlaybackState", Objects.requireNonNull(state, "state"));
    }

    private AgentHost attached() {
        AgentHost h = host;
        if (h == null) {
            throw new IllegalStateException("AudioPlayerAgent is not registered with a built CicClient");
        }
        return h;
    }
}
