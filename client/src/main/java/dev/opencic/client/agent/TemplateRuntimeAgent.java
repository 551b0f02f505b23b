package dev.opencic.client.agent;

import dev.opencic.client.AgentHost;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.ContextState;
import dev.opencic.client.EventResponse;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.protocol.payload.AudioPlayer;
import dev.opencic.protocol.payload.TemplateRuntime;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The capability agent of the {@code TemplateRuntime} namespace (the later reference): what a media
 * player with a screen shows. {@code RenderPlayerInfo} reaches {@link #onRenderPlayerInfo} typed,
 * and is kept as {@link #playerInfo()}; {@code ExpectRequestPlayerInfo} sends {@code RequestPlayerInfo}
 * for the stream playing (the {@code AudioPlayer.PlaybackState} context's token), else for the
 * first entry last shown. The device's Like/Unlike buttons are {@link #like} and {@link #unlike};
 * the server answers them and {@link #requestPlayerInfo} with a fresh {@code RenderPlayerInfo}.
 * Runs on the {@link Channel#AUDIO} channel with the player. Methods run on the directive channel
 * thread and may block.
 */
public class TemplateRuntimeAgent extends CapabilityAgent {

    /** The directive names this agent dispatches. */
    public static final Set<String> DIRECTIVES = Set.of("RenderPlayerInfo", "ExpectRequestPlayerInfo");

    private static final String NAMESPACE = "TemplateRuntime";

    private volatile AgentHost host;
    private volatile TemplateRuntime.RenderPlayerInfo shown;

    /** An agent for every TemplateRuntime directive. */
    public TemplateRuntimeAgent() {
        super(NAMESPACE, DIRECTIVES);
    }

    /** {@link Channel#AUDIO}: independent of the dialog channel, in order with the music. */
    @Override
    public Channel channel() {
        return Channel.AUDIO;
    }

    /** Remembers the client for the event methods; a subclass overriding this calls {@code super.onAttach(host)}. */
    @Override
    protected void onAttach(AgentHost host) {
        this.host = host;
    }

    /** Dispatches to the {@code on...} method for the directive's name. */
    @Override
    public void handle(ReceivedDirective directive, AgentHost host) throws Exception {
        switch (directive.name()) {
            case "RenderPlayerInfo" -> {
                TemplateRuntime.RenderPlayerInfo info = directive.payload(TemplateRuntime.RenderPlayerInfo.class);
                shown = info;
                onRenderPlayerInfo(info, directive);
            }
            case "ExpectRequestPlayerInfo" -> onExpectRequestPlayerInfo(directive);
            default -> onOther(directive, host);
        }
    }

    /** {@code RenderPlayerInfo}: show the player's buttons and list; does nothing by default (it is kept). */
    protected void onRenderPlayerInfo(TemplateRuntime.RenderPlayerInfo payload, ReceivedDirective directive)
            throws Exception {}

    /** {@code ExpectRequestPlayerInfo}: sends {@code RequestPlayerInfo} for {@link #currentToken()}, if there is one. */
    protected void onExpectRequestPlayerInfo(ReceivedDirective directive) throws Exception {
        Optional<String> token = currentToken();
        if (token.isPresent()) {
            requestPlayerInfo(token.get(), null, null);
        }
    }

    /** A name not in {@link #DIRECTIVES} (only reached by subclasses that widen the set); no-op. */
    protected void onOther(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** The last {@code RenderPlayerInfo} received, if any. */
    public Optional<TemplateRuntime.RenderPlayerInfo> playerInfo() {
        return Optional.ofNullable(shown);
    }

    /** The token of the stream playing (PlaybackState context), else of the first entry last shown. */
    protected Optional<String> currentToken() {
        for (ContextState c : attached().context()) {
            if (c.payload() instanceof AudioPlayer.PlaybackState state && state.stream() != null
                    && state.stream().token() != null && !state.stream().token().isBlank()) {
                return Optional.of(state.stream().token());
            }
        }
        TemplateRuntime.RenderPlayerInfo info = shown;
        return info == null || info.playableItems().isEmpty() ? Optional.empty()
                : Optional.ofNullable(info.playableItems().get(0).token());
    }

    /**
     * Sends {@code RequestPlayerInfo}: the list around {@code token}, {@code before} entries ahead and
     * {@code after} past it (null: as the server likes). The answer is a {@code RenderPlayerInfo}.
     */
    public CompletableFuture<EventResponse> requestPlayerInfo(String token, Integer before, Integer after) {
        Objects.requireNonNull(token, "token");
        TemplateRuntime.Range range = before == null && after == null ? null : new TemplateRuntime.Range(before, after);
        return attached().send(NAMESPACE, "RequestPlayerInfo", new TemplateRuntime.RequestPlayerInfo(token, range));
    }

    /** Sends {@code LikeCommandIssued} for an entry of the list. */
    public CompletableFuture<EventResponse> like(String token) {
        return attached().send(NAMESPACE, "LikeCommandIssued", new TemplateRuntime.LikeCommand(Objects.requireNonNull(token, "token")));
    }

    /** Sends {@code UnlikeCommandIssued} for an entry of the list. */
    public CompletableFuture<EventResponse> unlike(String token) {
        return attached().send(NAMESPACE, "UnlikeCommandIssued", new TemplateRuntime.LikeCommand(Objects.requireNonNull(token, "token")));
    }

    private AgentHost attached() {
        AgentHost h = host;
        if (h == null) {
            throw new IllegalStateException("TemplateRuntimeAgent is not registered with a built CicClient");
        }
        return h;
    }
}
