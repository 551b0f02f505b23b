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
import dev.opencic.server.admission.Stage;
import dev.opencic.server.api.AudioInput;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.EventRouter;
import dev.opencic.server.api.Reply;
import dev.opencic.server.events.EventReplay;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>All or nothing: an event without audio is dispatched only when its body has ended validly, so
 * a bad part after the metadata (oversized part header, too many parts, body over the limit) is
 * answered {@code 400}/{@code 413} with nothing changed. A spoken request is dispatched at its
 * metadata, so recognition runs while the device talks, but its handler sees {@link
 * EventRequest#accepted()} complete only when the body has ended validly (and fail otherwise);
 * the intent pipeline waits for it before a skill acts.
 *
 * <p>Admission: a spoken request counts against its device's share ({@code 429} beyond it), an
 * event answered with speech takes a slot of the synthesis stage before its handler runs, and the
 * handler's blocking work takes one of the intent stage on first use; each refuses with {@code 503}
 * and {@code Retry-After} before anything is changed. The {@code 200} headers are released only
 * when the reply is ready to stream (synthesis produced its first bytes, or nothing needs
 * producing), so a shed or late answer still becomes an error status. A reset or timed-out stream
 * cancels the work still queued for it and stops synthesis in progress.
 */
final class EventExchange implements Subscriber<HttpObject> {

    private static final Logger log = LoggerFactory.getLogger(EventExchange.class);

    private enum Part { NONE, METADATA, AUDIO, IGNORED }

    private final ServiceRequestContext ctx;
    private final DeviceIdentity device;
    private final EventRouter router;
    private final EventMetrics metrics;
    private final int maxMetadataBytes;
    private final EventLimits limits;
    private final EventAdmission admission;
    private final UploadRate uploadRate;
    private final CheapAnswers cheap;
    /** The replay window; null when it is off. */
    private final EventReplay replay;
    /** This event's claim on its messageId in the replay window, once dispatched. */
    private EventReplay.Claim claim;
    /** This request's key in {@link CheapAnswers}, or null. */
    private String cheapKey;
    /** When the device stops waiting ({@link System#nanoTime()}), from the route's request timeout. */
    private final long deadlineNanos;
    private final MultipartParser parser;
    private final CompletableFuture<HttpResponse> response = new CompletableFuture<>();
    private final AudioInput audio = new AudioInput();

    private Subscription subscription;
    private Part part = Part.NONE;
    /** The metadata part so far, {@code metadataLength} bytes of it; one copy from the request's buffers. */
    private byte[] metadata;
    private int metadataLength;
    private EventRouter.Route route;
    /** An event without audio, parsed and routed, dispatched when the body has ended validly. */
    private Event waiting;
    /** Completes when the whole body has been read and accepted; fails when the request is refused. */
    private final CompletableFuture<Void> accepted = new CompletableFuture<>();
    private boolean audioSeen;
    private boolean audioEnded;
    private boolean draining;
    private boolean bodyComplete;
    private CompletionStage<Void> audioBackpressure;
    private HttpResponseWriter out;
    /** The device reset the stream or its time ran out: nothing more is produced for it. */
    private boolean cancelled;

    EventExchange(ServiceRequestContext ctx, DeviceIdentity device, String boundary, EventRouter router,
                  EventMetrics metrics, int maxMetadataBytes, EventLimits limits, SpokenRequests spoken,
                  CheapAnswers cheap, EventReplay replay) {
        this.ctx = ctx;
        this.device = device;
        this.router = router;
        this.metrics = metrics;
        this.maxMetadataBytes = maxMetadataBytes;
        this.limits = limits;
        long timeoutMillis = ctx.requestTimeoutMillis();
        this.deadlineNanos = timeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis)
                : Long.MAX_VALUE;
        this.admission = new EventAdmission(limits, spoken, device, deadlineNanos);
        this.uploadRate = new UploadRate(limits);
        this.cheap = cheap;
        this.replay = replay;
        this.parser = new MultipartParser(boundary, new BodyParts());
    }

    /**
     * The device reset the stream, or its time ran out: work still queued for it is dropped,
     * synthesis in progress stops at its next chunk, a recogniser is given back.
     */
    void cancelled(Throwable cause) {
        cancelled = true;
        accepted.completeExceptionally(cause);
        admission.cancel();
        if (out != null) {
            out.abort(cause);
        }
        audio.fail(cause);
        log.debug("event=EventCancelled device={} cause={}", device.deviceId(), cause.getClass().getSimpleName());
    }

    /** Gives back every slot this request holds; idempotent. */
    private void release() {
        admission.release();
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
            uploadRate.holding();
            wait.whenComplete((v, e) -> ctx.eventLoop().execute(() -> {
                uploadRate.resumed();
                subscription.request(1);
            }));
        }
    }

    @Override
    public void onError(Throwable t) {
        accepted.completeExceptionally(t);
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
            release();
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
        accepted.complete(null);
        endAudio();
        if (waiting != null) {
            Event event = waiting;
            waiting = null;
            try {
                dispatch(event);
            } catch (CicException e) {
                respondError(e);
            }
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
            uploadRate.start();
            scheduleRateCheck();
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
                uploadRate.received(chunk.length);
                audioBackpressure = audio.deliver(chunk);
            }
            default -> { }
        }
    }

    private void partEnd() {
        if (part == Part.METADATA) {
            Event event = parseAndRoute(metadata, metadataLength);
            metadata = null;
            if (route.acceptsAudio()) {
                // Recognition runs while the device talks; what changes state waits for `accepted`.
                dispatch(event);
            } else {
                // All or nothing: a bad part later in the body must find nothing changed.
                waiting = event;
            }
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

    // ---- the audio upload's rate ----

    private static final long RATE_CHECK_MILLIS = 250;

    private void scheduleRateCheck() {
        if (limits.minAudioRate() > 0) {
            ctx.eventLoop().schedule(this::checkRate, RATE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Ends an upload that trickles: it would hold a recogniser (which it keeps until its utterance
     * ends) while delivering almost nothing. Time the server itself held the upload back is not
     * counted against the device.
     */
    private void checkRate() {
        if (audioEnded || draining || response.isDone()) {
            return;
        }
        CicException tooSlow = uploadRate.tooSlow();
        if (tooSlow != null) {
            failRequest(tooSlow);
            return;
        }
        scheduleRateCheck();
    }

    // ---- dispatch and response ----

    private Event parseAndRoute(byte[] json, int length) {
        Event event;
        try {
            event = MessageCodec.readEvent(json, 0, length);
        } catch (MessageFormatException e) {
            throw CicException.badRequest(e.getMessage());
        }
        ctx.attr(CicAttrs.REQUEST).event(event.header().qualifiedName(), event.dialogRequestId());
        route = router.route(event); // 400 for unknown namespace or name
        return event;
    }

    private void dispatch(Event event) {
        if (replay != null) {
            claim = replay.claim(device, event.header().messageId());
            if (!claim.first()) {
                answerAgain(claim.previous()); // a retry: its first answer again, nothing acts twice
                return;
            }
            CompletableFuture<EventReplay.Claim> acrossNodes = replay.acrossNodes(claim);
            if (!acrossNodes.isDone()) {
                // Cluster mode: claimed in Redis before the handler acts; the event loop does not
                // wait. Audio that arrives meanwhile is kept, and the upload paused, until then.
                audio.hold();
                acrossNodes.whenComplete((c, e) -> ctx.eventLoop().execute(() -> dispatchClaimed(event, c)));
                return;
            }
            claim = acrossNodes.join();
            if (!claim.first()) {
                answerAgain(claim.previous()); // first sent to another node of the cluster
                return;
            }
        }
        handle(event);
    }

    /** After the cluster-wide claim: handles the event, or answers it again if another node has it. */
    private void dispatchClaimed(Event event, EventReplay.Claim clusterClaim) {
        try {
            dispatchHeld(event, clusterClaim);
        } finally {
            audio.release(); // the kept audio to the handler's consumer (or dropped), the upload resumes
        }
    }

    private void dispatchHeld(Event event, EventReplay.Claim clusterClaim) {
        if (clusterClaim != null) {
            claim = clusterClaim;
        }
        if (!claim.first()) {
            answerAgain(claim.previous());
            return;
        }
        if (response.isDone() || cancelled) {
            claim.abandoned(); // the device went away before anything acted: its retry may act
            return;
        }
        try {
            handle(event);
        } catch (CicException e) {
            respondError(e);
        } catch (RuntimeException e) {
            respondError(CicErrorHandler.toCicException(ctx, e));
        }
    }

    private void handle(Event event) {
        String eventName = event.header().qualifiedName();
        long start = System.nanoTime();
        CompletableFuture<Reply> handled;
        try {
            handled = route.dispatch(admit(event, eventName));
        } catch (RuntimeException e) {
            release(); // refused (or a bad request) before the handler changed anything
            if (claim != null) {
                claim.abandoned();
            }
            throw e;
        }
        handled.whenComplete((reply, error) -> {
                    Runnable respond = () -> {
                        admission.handled(); // its blocking work and its recogniser are over
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
                    if (claim != null && error == null) {
                        // Stored before the answer is released: every answer a device has seen has
                        // its record, also after a restart (one commit, off the event loop).
                        EventReplay.Claim answered = claim;
                        ctx.blockingTaskExecutor().execute(() -> {
                            try {
                                answered.answered(reply);
                            } catch (RuntimeException e) {
                                log.warn("event=ReplayRecordFailed device={} cause=\"{}\"", device.deviceId(), e.toString());
                            }
                            ctx.eventLoop().execute(respond);
                        });
                        return;
                    } else if (claim != null) {
                        claim.abandoned();
                    }
                    // Most acknowledgements complete right here on the event loop: no extra task.
                    if (ctx.eventLoop().inEventLoop()) {
                        respond.run();
                    } else {
                        ctx.eventLoop().execute(respond);
                    }
                });
    }

    /** A duplicate of an event answered (or being answered): that answer, when there is one. */
    private void answerAgain(CompletableFuture<Optional<Reply>> previous) {
        previous.whenComplete((answer, e) -> ctx.eventLoop().execute(() -> {
            if (e != null) {
                respondError(CicErrorHandler.toCicException(ctx, e));
            } else if (answer.isEmpty()) {
                // The first one failed, so nothing was done: this one may be retried and will act.
                respondError(new CicException(HttpStatus.SERVICE_UNAVAILABLE,
                        "an event with this messageId was being handled and failed; retry", Duration.ofSeconds(1)));
            } else {
                respondWith(answer.get());
            }
        }));
    }

    /**
     * The request as its handler sees it, after the admission that must come before the handler
     * runs: the device's share of spoken requests and a synthesis slot for events answered with speech.
     */
    private EventRequest admit(Event event, String eventName) {
        if (limits.speakingEvents().contains(eventName) && !route.acceptsAudio()) {
            cheapKey = CheapAnswers.keyOf(eventName, event);
        }
        Executor blocking = admission.admit(eventName, route.acceptsAudio(), cheap.isCheap(cheapKey),
                ctx.blockingTaskExecutor(),
                refusal -> ctx.eventLoop().execute(() -> respondError(refusal)));
        // Stage threads are plain threads: the request's context goes with each task (the music skill
        // reads the authority the device used, logs carry the request).
        return new EventRequest(device, event, audio, ctx.makeContextAware(blocking), deadlineNanos, accepted);
    }

    private void respondWith(Reply reply) {
        if (response.isDone() || cancelled) {
            release();
            return;
        }
        if (reply.isEmpty()) {
            release();
            response.complete(HttpResponse.of(HttpStatus.NO_CONTENT));
            return;
        }
        boolean produces = ReplyWriter.producesAttachments(reply);
        if (!produces) {
            cheap.answeredWithoutSynthesis(cheapKey, admission.cheapLane());
        } else {
            cheap.neededSynthesis(cheapKey, admission.cheapLane());
        }
        Stage.Ticket ticket;
        try {
            ticket = admission.synthesisFor(produces);
        } catch (CicException e) {
            respondError(e);
            return;
        }
        MultipartWriter multipart = new MultipartWriter(MultipartWriter.newBoundary());
        HttpResponseWriter writer = HttpResponse.streaming();
        out = writer;
        writer.write(ResponseHeaders.of(HttpStatus.OK, "content-type", multipart.contentType("related")));
        writer.write(HttpData.wrap(multipart.begin()));
        if (!produces) {
            response.complete(writer); // the whole reply is known: stream it
        }
        ReplyWriter.AttachmentRunner runner = (produce, refused) ->
                ticket.execute(ctx.makeContextAware(produce), refused::accept);
        ReplyWriter.write(reply, multipart, writer, runner, () -> response.complete(writer))
                .whenComplete((v, e) -> ctx.eventLoop().execute(() -> replyWritten(multipart, writer, e)));
    }

    /** The reply is written, or failed: before its headers went out that is still an error status. */
    private void replyWritten(MultipartWriter multipart, HttpResponseWriter writer, Throwable e) {
        release();
        if (e == null) {
            response.complete(writer);
            if (writer.tryWrite(HttpData.wrap(multipart.end()))) {
                writer.close();
            }
            return;
        }
        if (CicErrorHandler.isStreamGone(e)) {
            // Reset or timed out: the access log has the request's one line; nothing else to say.
            log.debug("event=ReplyAbandoned device={} cause={}", device.deviceId(), e.toString());
            writer.abort(e);
            response.complete(HttpResponse.ofFailure(e));
            return;
        }
        CicException error = CicErrorHandler.toCicException(ctx, e);
        if (!response.isDone()) {
            writer.abort(e);
            respondError(error);
        } else {
            log.info("event=ReplyWriteFailed device={} dialogRequestId={} cause=\"{}\"",
                    device.deviceId(), ctx.attr(CicAttrs.REQUEST).dialogRequestId(), error.description());
            writer.abort(e);
        }
    }

    /** Answers with the error and reads (and discards) the rest of the body to keep the connection usable. */
    private void failRequest(CicException e) {
        draining = true;
        accepted.completeExceptionally(e);
        audio.fail(e);
        respondError(e);
    }

    private void respondError(CicException e) {
        accepted.completeExceptionally(e); // answered with an error: nothing may change after all
        release();
        if (!response.isDone()) {
            if (e.retryAfter() != null) {
                // Shedding under load: the access log's line says it; one more per request would
                // double the log exactly when the server is busiest.
                log.debug("event=EventShed device={} status={} description=\"{}\"",
                        device.deviceId(), e.status().code(), e.description());
            } else {
                log.info("event=EventRejected device={} status={} description=\"{}\"",
                        device.deviceId(), e.status().code(), e.description());
            }
            response.complete(SystemExceptions.response(e));
        }
    }
}
