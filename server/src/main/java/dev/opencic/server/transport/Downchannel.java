package dev.opencic.server.transport;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.multipart.MultipartWriter;
import dev.opencic.protocol.payload.Clova;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's open {@code GET /v1/directives} response: a {@code multipart/related} stream that
 * starts with {@code Clova.Hello} and carries cloud-initiated directives as they are pushed. Pushes
 * are chained so the parts of one reply are never interleaved with another's.
 */
public final class Downchannel {

    private static final Logger log = LoggerFactory.getLogger(Downchannel.class);

    private final DeviceIdentity device;
    private final HttpResponseWriter response;
    private final MultipartWriter multipart = new MultipartWriter(MultipartWriter.newBoundary());
    private final Executor blocking;
    private final Object lock = new Object();
    /**
     * Completed by {@link #start()}. Pushes queue behind it: the registry tells listeners (e.g. held
     * reminders) about a downchannel as soon as it is registered, which can be before its response
     * headers and {@code Clova.Hello} are written.
     */
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private CompletableFuture<?> tail = started;

    Downchannel(DeviceIdentity device, HttpResponseWriter response, Executor blocking) {
        this.device = device;
        this.response = response;
        this.blocking = blocking;
    }

    public DeviceIdentity device() {
        return device;
    }

    /** Writes the response headers and the {@code Clova.Hello} part. */
    void start() {
        response.write(ResponseHeaders.of(HttpStatus.OK, "content-type", multipart.contentType("related")));
        Directive hello = Directive.of(new Clova.Hello());
        response.write(HttpData.wrap(Bytes.concat(multipart.begin(),
                multipart.part(ReplyWriter.directiveHeaders(hello), MessageCodec.writeDirective(hello)))));
        started.complete(null);
    }

    /** Completes when the device (or the server) closes this downchannel. */
    public CompletableFuture<Void> whenClosed() {
        return response.whenComplete();
    }

    public boolean isOpen() {
        return response.isOpen();
    }

    /** Sends a reply after any earlier one has been fully written; {@code false} if closed. */
    CompletableFuture<Boolean> send(Reply reply) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        synchronized (lock) {
            tail = tail.handle((ignored, e) -> null).thenCompose(ignored -> {
                if (!response.isOpen()) {
                    result.complete(false);
                    return CompletableFuture.completedFuture(null);
                }
                return ReplyWriter.write(reply, multipart, response, blocking).handle((v, e) -> {
                    if (e != null) {
                        log.warn("event=DownchannelPushFailed device={} cause={}", device.deviceId(), e.toString());
                        response.abort(e);
                        result.complete(false);
                    } else {
                        result.complete(true);
                    }
                    return null;
                });
            });
        }
        return result;
    }

    /** Ends the multipart stream cleanly: the device opened a newer downchannel. */
    void close() {
        closeAfter(null);
    }

    /** Sends a {@code System.Exception} part, then ends the stream (e.g. 401: token revoked). */
    void closeWithException(int code, String description) {
        closeAfter(multipart.part(SystemExceptions.partHeaders(),
                MessageCodec.writeSystemException(code, description)));
    }

    private void closeAfter(byte[] lastPart) {
        synchronized (lock) {
            tail = tail.handle((ignored, e) -> {
                byte[] end = lastPart == null ? multipart.end() : Bytes.concat(lastPart, multipart.end());
                if (response.tryWrite(HttpData.wrap(end))) {
                    response.close();
                }
                return null;
            });
        }
    }
}
