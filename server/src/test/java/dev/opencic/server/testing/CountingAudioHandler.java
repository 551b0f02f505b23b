package dev.opencic.server.testing;

import dev.opencic.protocol.Directive;
import dev.opencic.server.api.AudioInput;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stands in for the speech recogniser in transport, SDK and device tests: takes
 * {@code SpeechRecognizer.Recognize}, records each audio chunk as it arrives and answers, when the
 * audio part ends, with a {@code Clova.RenderText} "heard N bytes". Streaming can so be observed
 * without speech recognition. An optional {@link ChunkHook} acts mid-stream (e.g. pushes
 * StopCapture on the downchannel).
 */
public final class CountingAudioHandler implements NamespaceHandler {

    /** Called after each chunk with the request's running byte count until it returns true. */
    @FunctionalInterface
    public interface ChunkHook {
        boolean onChunk(EventRequest request, long requestBytes);
    }

    /** Bytes received over all requests since the last {@link #reset()}. */
    public final AtomicLong bytes = new AtomicLong();
    public final List<Integer> chunkSizes = new CopyOnWriteArrayList<>();
    /** {@link System#nanoTime()} at each chunk's arrival. */
    public final List<Long> arrivals = new CopyOnWriteArrayList<>();
    public final AtomicReference<EventRequest> lastRequest = new AtomicReference<>();
    /** Bytes received per dialogRequestId: unlike {@link #bytes}, never touched by another test's request. */
    private final Map<String, AtomicLong> bytesByDialog = new ConcurrentHashMap<>();
    private final Map<String, EventRequest> requestsByDialog = new ConcurrentHashMap<>();
    public final AtomicReference<Throwable> failure = new AtomicReference<>();

    private final ChunkHook hook;
    /** Bumped by {@link #reset()}: a request that began before it (e.g. a cancelled one whose
     *  last frames are still being read) no longer touches the counters of the next test. */
    private final AtomicInteger generation = new AtomicInteger();

    public CountingAudioHandler() {
        this((request, requestBytes) -> true);
    }

    public CountingAudioHandler(ChunkHook hook) {
        this.hook = hook;
    }

    /** Bytes received so far by the request with this dialogRequestId (0 before it arrives). */
    public long bytesOf(String dialogRequestId) {
        AtomicLong n = bytesByDialog.get(dialogRequestId);
        return n == null ? 0 : n.get();
    }

    /** The request with this dialogRequestId, or null before it arrives. */
    public EventRequest requestOf(String dialogRequestId) {
        return requestsByDialog.get(dialogRequestId);
    }

    public void reset() {
        generation.incrementAndGet();
        bytes.set(0);
        chunkSizes.clear();
        arrivals.clear();
        lastRequest.set(null);
        failure.set(null);
    }

    @Override
    public String namespace() {
        return "SpeechRecognizer";
    }

    @Override
    public Set<String> eventNames() {
        return Set.of("Recognize");
    }

    @Override
    public boolean acceptsAudio(String eventName) {
        return true;
    }

    @Override
    public CompletableFuture<Reply> handle(EventRequest request) {
        lastRequest.set(request);
        requestsByDialog.put(request.dialogRequestId(), request);
        int startedIn = generation.get();
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        request.audio().subscribe(new AudioInput.Consumer() {
            long requestBytes;
            boolean hookDone;

            @Override
            public CompletionStage<Void> onAudio(byte[] chunk) {
                bytesByDialog.computeIfAbsent(request.dialogRequestId(), k -> new AtomicLong()).addAndGet(chunk.length);
                if (startedIn != generation.get()) {
                    return CompletableFuture.completedFuture(null);
                }
                arrivals.add(System.nanoTime());
                chunkSizes.add(chunk.length);
                bytes.addAndGet(chunk.length);
                requestBytes += chunk.length;
                if (!hookDone) {
                    hookDone = hook.onChunk(request, requestBytes);
                }
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void onEnd() {
                reply.complete(Reply.of(Directive.of(request.dialogRequestId(),
                        new dev.opencic.protocol.payload.Clova.RenderText("heard " + requestBytes + " bytes"))));
            }

            @Override
            public void onError(Throwable cause) {
                if (startedIn == generation.get()) {
                    failure.set(cause);
                }
                reply.completeExceptionally(cause);
            }
        });
        return reply;
    }
}
