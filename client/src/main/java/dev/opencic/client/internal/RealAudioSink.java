package dev.opencic.client.internal;

import dev.opencic.client.AudioSink;
import dev.opencic.client.EventResponse;
import dev.opencic.protocol.multipart.MultipartWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * An {@link AudioSink} that is also the event's duplex request body: OkHttp hands it the HTTP/2
 * stream's sink when the request starts, and the app's writes go out in {@link #CHUNK_BYTES}
 * chunks from then on. Audio written before the request started is buffered and sent at once.
 */
final class RealAudioSink extends RequestBody implements AudioSink {

    private final String dialogRequestId;
    private final byte[] metadata;
    private final MultipartWriter writer = new MultipartWriter(MultipartWriter.newBoundary());
    private final CompletableFuture<EventResponse> response = new CompletableFuture<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private BufferedSink sink;
    private boolean closed;
    private volatile boolean cancelled;
    /** The server sent StopCapture for this dialog: writes are ignored. */
    private volatile boolean captureStopped;
    private volatile Call call;
    private long sentBytes;

    RealAudioSink(String dialogRequestId, byte[] metadata) {
        this.dialogRequestId = dialogRequestId;
        this.metadata = metadata;
    }

    @Override
    public MediaType contentType() {
        return MediaType.get(writer.contentType("form-data"));
    }

    @Override
    public boolean isDuplex() {
        return true;
    }

    @Override
    public synchronized void writeTo(BufferedSink sink) throws IOException {
        if (this.sink != null) {
            throw new IllegalStateException("audio body is not replayable");
        }
        this.sink = sink;
        sink.write(writer.begin());
        sink.write(writer.part(EventCalls.METADATA, metadata));
        sink.write(writer.partHeader(EventCalls.AUDIO));
        sink.flush();
        drain(closed);
        if (closed) {
            finishBody();
        }
    }

    @Override
    public String dialogRequestId() {
        return dialogRequestId;
    }

    @Override
    public void write(byte[] pcm, int offset, int length) throws IOException {
        if (captureStopped) {
            java.util.Objects.checkFromIndexSize(offset, length, pcm.length);
            return; // the SDK ended the upload on StopCapture; the app may not have noticed yet
        }
        writeNow(pcm, offset, length);
    }

    private synchronized void writeNow(byte[] pcm, int offset, int length) throws IOException {
        if (captureStopped) {
            return;
        }
        checkOpen();
        if (closed) {
            throw new IllegalStateException("audio sink is closed");
        }
        pending.write(pcm, offset, length);
        if (sink != null) {
            drain(false);
        }
    }

    /** Sends every whole chunk (and, when {@code all}, the rest). */
    private void drain(boolean all) throws IOException {
        byte[] bytes = pending.toByteArray();
        int off = 0;
        try {
            while (bytes.length - off >= CHUNK_BYTES || (all && off < bytes.length)) {
                int n = Math.min(CHUNK_BYTES, bytes.length - off);
                sink.write(bytes, off, n);
                sink.flush();
                off += n;
                sentBytes += n;
            }
        } catch (IOException e) {
            failed(e);
            throw e;
        } finally {
            pending.reset();
            pending.write(bytes, off, bytes.length - off);
        }
    }

    private void finishBody() throws IOException {
        sink.write(writer.partEnd());
        sink.write(writer.end());
        sink.close();
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (cancelled) {
            return;
        }
        if (sink != null) {
            try {
                drain(true);
                finishBody();
            } catch (IOException e) {
                failed(e);
                throw e;
            }
        }
    }

    /** Marks StopCapture as received: every later {@link #write} is ignored. */
    void stopRequested() {
        captureStopped = true;
    }

    /** Ends the upload after StopCapture: what was written so far is sent, then the body ends. */
    void stopCapture() {
        captureStopped = true;
        try {
            close();
        } catch (IOException e) {
            // close() already failed the response with it
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        Call c = call;
        if (c != null) {
            c.cancel();
        }
        response.completeExceptionally(new InterruptedIOException("recognition cancelled"));
    }

    private void checkOpen() throws IOException {
        if (cancelled) {
            throw new InterruptedIOException("recognition cancelled");
        }
        if (response.isCompletedExceptionally()) {
            try {
                response.join();
            } catch (RuntimeException e) {
                throw new IOException("recognition request failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    @Override
    public CompletableFuture<EventResponse> response() {
        return response.copy();
    }

    CompletableFuture<EventResponse> responseFuture() {
        return response;
    }

    void call(Call call) {
        this.call = call;
        if (cancelled) {
            call.cancel();
        }
    }

    void failed(Throwable t) {
        response.completeExceptionally(t);
    }

    /** Audio bytes handed to the network so far. */
    synchronized long sentBytes() {
        return sentBytes;
    }
}
