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

    /** Confirms reads with a PING on the downchannel's connection; null: nothing can be confirmed. */
    private final ConnectionPings pings;
    private final io.netty.channel.Channel channel;

    Downchannel(DeviceIdentity device, HttpResponseWriter response, Executor blocking) {
        this(device, response, blocking, null, null);
    }

    Downchannel(DeviceIdentity device, HttpResponseWriter response, Executor blocking, ConnectionPings pings,
                io.netty.channel.Channel channel) {
        this.device = device;
        this.response = response;
        this.blocking = blocking;
        this.pings = pings;
        this.channel = channel;
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

    /**
     * Sends a reply and completes {@code true} only once the device has demonstrably read it: when
     * its last bytes have left the server (Armeria asks for the next part of a response only after
     * the previous one's write completed, which for HTTP/2 DATA means past flow control), an HTTP/2
     * PING follows on the same connection, and its ACK proves that the device's HTTP/2 stack has
     * read every frame before it. {@code false}: closed, not written, no ACK in time, or no way to
     * ask (not HTTP/2); the caller keeps the message and sends it again later. For pushes that
     * must not be lost: reminders now, announcements and extension pushes later.
     */
    CompletableFuture<Boolean> sendAndConfirm(Reply reply) {
        return send(reply).thenCompose(written -> {
            if (!written) {
                return CompletableFuture.completedFuture(false);
            }
            if (pings == null || channel == null) {
                log.warn("event=DownchannelConfirmUnavailable device={}", device.deviceId());
                return CompletableFuture.completedFuture(false);
            }
            CompletableFuture<Boolean> confirmed = new CompletableFuture<>();
            response.whenConsumed().whenComplete((v, e) -> {
                if (e != null || !response.isOpen()) {
                    confirmed.complete(false);
                } else {
                    pings.ping(channel).whenComplete((acked, pingError) ->
                            confirmed.complete(pingError == null && Boolean.TRUE.equals(acked)));
                }
            });
            // The stream may end while the last part waits for the flow-control window: not read.
            whenClosed().handle((v, e) -> confirmed.complete(false));
            return confirmed;
        });
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
