package dev.opencic.client.audio;

import dev.opencic.client.AgentHost;
import dev.opencic.client.ContextState;
import dev.opencic.client.context.PlaybackStateContext;
import dev.opencic.protocol.payload.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The player's events, sent one after the other in the order things happened, each with the
 * context as it was when it happened (the {@code PlaybackState} of that moment); the {@link
 * MusicListener} hears of each playback event as it is queued. Thread-safe.
 */
final class PlayerEvents {

    private static final Logger log = LoggerFactory.getLogger(PlayerEvents.class);

    private final PlaybackStateContext state;
    private final MusicListener listener;
    private CompletableFuture<?> sent = CompletableFuture.completedFuture(null);

    PlayerEvents(PlaybackStateContext state, MusicListener listener) {
        this.state = state;
        this.listener = listener;
    }

    /** Queues {@code namespace.name} through {@code host} with the context of now; {@code item} is for the listener. */
    synchronized void send(AgentHost host, String namespace, String name, Payload payload, QueuedItem item) {
        List<ContextState> context = new ArrayList<>(host.context());
        if (context.stream().noneMatch(o -> o.is("AudioPlayer", "PlaybackState"))) {
            state.context().ifPresent(context::add);
        }
        log.debug("event=MusicReport name={} {}", name, item);
        if (namespace.equals("AudioPlayer") && !name.equals("StreamRequested")) {
            try {
                listener.onPlaybackEvent(name, item == null ? null : item.audioItem);
            } catch (RuntimeException e) {
                log.warn("event=MusicListenerFailed", e);
            }
        }
        sent = sent.handle((r, e) -> null).thenCompose(ignored -> host.send(namespace, name, payload, context))
                .whenComplete((r, e) -> {
                    if (e != null) {
                        log.warn("event=MusicReportFailed name={} reason={}", name, e.toString());
                    }
                });
    }

    /** Completes when the events queued so far have been answered or failed. */
    synchronized CompletableFuture<Void> allSent() {
        return sent.handle((r, e) -> null);
    }
}
