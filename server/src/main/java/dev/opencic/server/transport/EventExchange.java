package dev.opencic.server.transport;

import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.AbortedStreamException;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageFormatException;
import dev.opencic.protocol.multipart.MultipartException;
import dev.opencic.protocol.multipart.MultipartParser;
import dev.opencic.protocol.multipart.MultipartWriter;
import dev.opencic.protocol.multipart.PartHeaders;
import dev.opencic.protocol.multipart.PartListener;
import dev.opencic.server.api.AudioInput;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.EventRouter;
import dev.opencic.server.api.Reply;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code POST /v1/events} exchange. Subscribes to the request body one chunk at a time (so an
 * audio consumer that is busy slows the upload down instead of filling memory), parses the
 * multipart stream as it arrives, and completes the response as soon as the handler's reply is
 * ready, which may be before the device has finished uploading. All methods run on the request's
 * event loop.
 */
final class EventExchange implements Subscriber<HttpObject> {

    private static final Logger log = LoggerFactory.getLogger(EventExchange.class);

    private enum Part { NONE, METADATA, AUDIO, IGNORED }

    private final ServiceRequestContext ctx;
    private final DeviceIdentity device;
    private final EventRouter router;
    private final EventMetrics metrics;
    private final int maxMetadataBytes;
    private final MultipartParser parser;
    private final CompletableFuture<HttpResponse> response = new CompletableFuture<>();
    private final AudioInput audio = new AudioInput();

    private Subscription subscription;
    private Part part = Part.NONE;
    /** The metadata part so far, {@code metadataLength} bytes of it; one copy from the request's buffers. */
    private byte[] metadata;
    private int metadataLength;
    private EventRouter.Route route;
    private boolean audioSeen;
    private boolean audioEnded;
    private boolean draining;
    private boolean bodyComplete;
    private Reply heldReply;
    private CompletionStage<Void> audioBackpressure;

    EventExchange(ServiceRequestContext ctx, DeviceIdentity device, String boundary, EventRouter router,
                  EventMetrics metrics, int maxMetadataBytes) {
        this.ctx = ctx;
        this.device = device;
        this.router = router;
        this.metrics = metrics;
        this.maxMetadataBytes = maxMetadataBytes;
        this.parser = new MultipartParser(boundary, new BodyParts());
    }

    HttpResponse response() {
        return HttpResponse.of(response);
    }

    // ---- request body (Reactive Streams) ----

    @Override
    public void onSubscribe(Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(HttpObject obj) {
        if (draining || !(obj instanceof HttpData data)) {
            subscription.request(1);
            return;
        }
        try {
            parser.feed(ByteBuffer.wrap(data.array()));
        } catch (MultipartException e) {
            failRequest(CicException.badRequest("could not decode multipart: " + e.getMessage()));
        } catch (CicException e) {
            failRequest(e);
        }
        CompletionStage<Void> wait = audioBackpressure;
        audioBackpressure = null;
        if (wait == null || draining) {
            subscription.request(1);
        } else {
            wait.whenComplete((v, e) -> ctx.eventLoop().execute(() -> subscription.request(1)));
        }
    }

    @Override
    public void onError(Throwable t) {
        audio.fail(t);
        if (response.isDone()) {
            return;
        }
        if (t instanceof ContentTooLargeException) {
            respondError(new CicException(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body exceeds " + ctx.maxRequestLength() + " bytes"));
        } else if (t instanceof AbortedStreamException || t instanceof java.nio.channels.ClosedChannelException
                || t instanceof com.linecorp.armeria.common.stream.ClosedStreamException) {
            // The device went away; nobody is left to answer.
            log.debug("event=EventAborted device={}", device.deviceId());
            response.complete(HttpResponse.ofFailure(t));
        } else {
            respondError(CicErrorHandler.toCicException(ctx, t));
        }
    }

    @Override
    public void onComplete() {
        if (draining) {
            return;
        }
        try {
            parser.finish();
        } catch (MultipartException e) {
            failRequest(CicException.badRequest("could not decode multipart: " + e.getMessage()));
            return;
        }
        if (route == null) {
            failRequest(CicException.badRequest("missing metadata part"));
            return;
        }
        bodyComplete = true;
        endAudio();
        if (heldReply != null) {
            Reply r = heldReply;
            heldReply = null;
            respondWith(r);
        }
    }

    // ---- multipart parts ----

    /**
     * The parser's listener. A separate class because Reactive Streams and the parser both have an
     * {@code onComplete()} with different meanings (end of body versus closing delimiter read).
     */
    private final class BodyParts implements PartListener {
        @Override
        public void onPartBegin(PartHeaders headers) {
            partBegin(headers);
        }

        @Override
        public void onPartData(ByteBuffer data) {
            partData(data);
        }

        @Override
        public void onPartEnd() {
            partEnd();
        }
    }

    private void partBegin(PartHeaders headers) {
        String name = headers.dispositionName();
        if (route == null) {
            if (part != Part.NONE || !"metadata".equals(name)) {
                throw CicException.badRequest("the first part must be the metadata part (name=\"metadata\")");
            }
            part = Part.METADATA;
            metadata = new byte[512];
        } else if ("audio".equals(name) && !audioSeen && route.acceptsAudio()) {
            part = Part.AUDIO;
            audioSeen = true;
        } else {
            part = Part.IGNORED;
        }
    }

    private void partData(ByteBuffer data) {
        switch (part) {
            case METADATA -> {
                int length = metadataLength + data.remaining();
                if (length > maxMetadataBytes) {
                    throw new CicException(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                            "metadata part exceeds " + maxMetadataBytes + " bytes");
                }
                if (length > metadata.length) {
                    metadata = Arrays.copyOf(metadata, Math.min(maxMetadataBytes, Math.max(length, 2 * metadata.length)));
                }
                data.get(metadata, metadataLength, data.remaining());
                metadataLength = length;
            }
            case AUDIO -> {
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                audioBackpressure = audio.deliver(chunk);
            }
            default -> { }
        }
    }

    private void partEnd() {
        if (part == Part.METADATA) {
            dispatch(metadata, metadataLength);
            metadata = null;
        } else if (part == Part.AUDIO) {
            endAudio();
        }
        part = Part.NONE;
    }

    private void endAudio() {
        if (!audioEnded) {
            audioEnded = true;
            audio.end();
        }
    }

    // ---- dispatch and response ----

    private void dispatch(byte[] json, int length) {
        Event event;
        try {
            event = MessageCodec.readEvent(json, 0, length);
        } catch (MessageFormatException e) {
            throw CicException.badRequest(e.getMessage());
        }
        String eventName = event.header().qualifiedName();
        ctx.attr(CicAttrs.REQUEST).event(eventName, event.dialogRequestId());
        route = router.route(event); // 400 for unknown namespace or name
        long start = System.nanoTime();
        route.dispatch(new EventRequest(device, event, audio, ctx.blockingTaskExecutor()))
                .whenComplete((reply, error) -> {
                    Runnable respond = () -> {
                        metrics.record(eventName, error == null, System.nanoTime() - start);
                        if (response.isDone()) {
                            return; // already answered (an error) or the device went away
                        }
                        if (error != null) {
                            respondError(CicErrorHandler.toCicException(ctx, error));
                        } else {
                            respondWith(reply);
                        }
                    };
                    // Most acknowledgements complete right here on the event loop: no extra task.
                    if (ctx.eventLoop().inEventLoop()) {
                        respond.run();
                    } else {
                        ctx.eventLoop().execute(respond);
                    }
                });
    }

    private void respondWith(Reply reply) {
        if (response.isDone()) {
            return;
        }
        if (!bodyComplete && !route.acceptsAudio()) {
            // The rest of a small body is already on its way: answering after it ends spares the
            // stream a reset (and the device a half-sent request). Audio events answer at once,
            // since the device may still be talking.
            heldReply = reply;
            return;
        }
        if (reply.isEmpty()) {
            response.complete(HttpResponse.of(HttpStatus.NO_CONTENT));
            return;
        }
        MultipartWriter multipart = new MultipartWriter(MultipartWriter.newBoundary());
        HttpResponseWriter out = HttpResponse.streaming();
        out.write(ResponseHeaders.of(HttpStatus.OK, "content-type", multipart.contentType("related")));
        out.write(HttpData.wrap(multipart.begin()));
        response.complete(out);
        ReplyWriter.write(reply, multipart, out, ctx.blockingTaskExecutor()).whenComplete((v, e) -> {
            if (e != null) {
                log.warn("event=ReplyWriteFailed device={} dialogRequestId={} cause={}",
                        device.deviceId(), ctx.attr(CicAttrs.REQUEST).dialogRequestId(), e.toString());
                out.abort(e);
            } else if (out.tryWrite(HttpData.wrap(multipart.end()))) {
                out.close();
            }
        });
    }

    /** Answers with the error and reads (and discards) the rest of the body to keep the connection usable. */
    private void failRequest(CicException e) {
        draining = true;
        audio.fail(e);
        respondError(e);
    }

    private void respondError(CicException e) {
        if (!response.isDone()) {
            log.info("event=EventRejected device={} status={} description=\"{}\"",
                    device.deviceId(), e.status().code(), e.description());
            response.complete(SystemExceptions.response(e));
        }
    }
}
