package dev.opencic.client.agent;

import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.CicClient;
import dev.opencic.client.ReceivedDirective;
import java.util.Set;

/**
 * The capability agent of the {@code AudioPlayer} namespace. Music and other long audio. Runs on the {@link Channel#AUDIO} channel, so playback commands go on while a dialog runs. {@code Play} should start playback and return (report {@code PlayStarted}, {@code PlayFinished} and so on as it goes), not block until the song ends.
 *
 * <p>Override the {@code on...} methods you support; the others do nothing, which marks the
 * directive handled. Methods run on the directive channel thread and may block.
 */
public class AudioPlayerAgent extends CapabilityAgent {

    /** The directive names this agent dispatches. */
    public static final Set<String> DIRECTIVES = Set.of("Play", "StreamDeliver", "ClearQueue", "ExpectReportPlaybackState");

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
    public void handle(ReceivedDirective directive, CicClient client) throws Exception {
        switch (directive.name()) {
            case "Play" -> onPlay(directive, client);
            case "StreamDeliver" -> onStreamDeliver(directive, client);
            case "ClearQueue" -> onClearQueue(directive, client);
            case "ExpectReportPlaybackState" -> onExpectReportPlaybackState(directive, client);
            default -> onOther(directive, client);
        }
    }

    /** {@code AudioPlayer.Play}; does nothing by default. */
    protected void onPlay(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code AudioPlayer.StreamDeliver}; does nothing by default. */
    protected void onStreamDeliver(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code AudioPlayer.ClearQueue}; does nothing by default. */
    protected void onClearQueue(ReceivedDirective directive, CicClient client) throws Exception {}

    /** {@code AudioPlayer.ExpectReportPlaybackState}; does nothing by default. */
    protected void onExpectReportPlaybackState(ReceivedDirective directive, CicClient client) throws Exception {}

    /** A name not in {@link #DIRECTIVES} (only reached by subclasses that widen the set); no-op. */
    protected void onOther(ReceivedDirective directive, CicClient client) throws Exception {}
}
