package dev.opencic.client.audio;

import dev.opencic.client.ReceivedDirective;
import dev.opencic.protocol.payload.AudioPlayer;
import dev.opencic.protocol.payload.AudioPlayer.AudioStreamInfo;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The items waiting for the {@code StreamDeliver} their {@code StreamRequested} asked for. Thread-safe. */
final class StreamDeliveries {

    private static final Logger log = LoggerFactory.getLogger(StreamDeliveries.class);

    private final Map<String, CompletableFuture<AudioStreamInfo>> waiting = new ConcurrentHashMap<>();

    /** A future the item's StreamDeliver completes; {@link #forget} it when done waiting. */
    CompletableFuture<AudioStreamInfo> expect(QueuedItem item) {
        CompletableFuture<AudioStreamInfo> delivered = new CompletableFuture<>();
        waiting.put(item.deliveryKey(), delivered);
        return delivered;
    }

    void forget(QueuedItem item, CompletableFuture<AudioStreamInfo> delivered) {
        waiting.remove(item.deliveryKey(), delivered);
    }

    /** {@code AudioPlayer.StreamDeliver}: the URL an item is waiting for, matched by audioItemId, else token. */
    void deliver(ReceivedDirective d) {
        AudioPlayer.StreamDeliver deliver = d.payload(AudioPlayer.StreamDeliver.class);
        String id = Objects.requireNonNullElse(deliver.audioItemId(), "");
        AudioStreamInfo stream = deliver.deliveredStream();
        if (stream == null) {
            throw new IllegalArgumentException("AudioPlayer.StreamDeliver needs payload.audioStream");
        }
        CompletableFuture<AudioStreamInfo> item = waiting.get(id);
        if (item == null) {
            item = waiting.get("token:" + Objects.requireNonNullElse(stream.token(), ""));
        }
        if (item == null) {
            log.info("event=StreamDeliverIgnored audioItemId={} reason=no item waits for it", id);
            return;
        }
        item.complete(stream);
    }
}
