package dev.opencic.client;

import dev.opencic.client.audio.AudioStream;
import dev.opencic.protocol.payload.Payload;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * What a {@link CapabilityAgent} may ask of the client it is registered with: send the events its
 * directives call for, read the current context, open a media stream, follow the connection, and
 * run work on the client's shared threads. The narrow side of {@link CicClient} that agents (and
 * {@link dev.opencic.client.audio.MusicPlayer}) are given, so they depend on this interface rather
 * than on the whole facade.
 */
public interface AgentHost {

    /**
     * Sends an event outside any dialog (a report such as {@code SpeechStarted}) with the current
     * context objects attached; its directives reach the agents like any others.
     *
     * @param payload the event's payload record (see {@link dev.opencic.protocol.payload.Payloads}),
     *                or a {@link dev.opencic.protocol.payload.RawPayload} for an event it does not know
     * @return the response, completing when it has been read; fails with {@link CicException} for
     *     an error status
     */
    CompletableFuture<EventResponse> send(String namespace, String name, Payload payload);

    /**
     * {@link #send(String, String, Payload)} with {@code context} instead of the context objects of
     * now: for an event queued behind others that must carry the state as it was when it happened
     * (the music player's reports).
     */
    CompletableFuture<EventResponse> send(String namespace, String name, Payload payload, List<ContextState> context);

    /** The context objects the registered providers report now. */
    List<ContextState> context();

    /**
     * Opens a media stream with the client's connection pool (see {@link CicClient#openStream}).
     * Blocking; the caller closes the stream.
     */
    AudioStream openStream(String url) throws IOException;

    /** The connection state now; changes go to {@link #addConnectionListener} listeners. */
    ConnectionState state();

    /**
     * Adds a listener for connection changes, called on the client's callback executor like the
     * one given to the builder; it is never removed (it lives as long as the client).
     */
    void addConnectionListener(ConnectionListener listener);

    /**
     * A new executor that runs its tasks one at a time, in submission order, on the client's shared
     * worker threads (no thread of its own). Tasks may block (playback); while one does, the
     * executor's later tasks wait. Refuses work once the client is closed.
     */
    Executor newSerialExecutor();

    /**
     * Runs {@code task} on {@code executor} once {@code delay} has passed, timed by the client's
     * shared scheduler; cancelling the future before then keeps it from running. Cancelled when the
     * client closes.
     */
    Future<?> schedule(Runnable task, Duration delay, Executor executor);
}
