package dev.opencic.client.internal;

import dev.opencic.client.CicException;
import dev.opencic.client.EventResponse;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.multipart.ContentTypes;
import dev.opencic.protocol.multipart.MultipartWriter;
import dev.opencic.protocol.multipart.PartHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends events ({@code POST /v1/events}, {@code multipart/form-data}) and reads their {@code
 * multipart/related} answers as they stream in, handing each directive to the sequencer the moment
 * its part ends. Waits for the downchannel first (the server answers {@code 412} without one).
 * Retries once after refreshing the token on {@code 401}, except for audio, which cannot be
 * replayed. An event refused with {@code 503} or {@code 429} and a {@code Retry-After} is sent again
 * as {@link BusyRetry} says, byte for byte (same messageId and dialogRequestId), timed by the
 * client's scheduler so no thread waits; audio uploads are not: their audio was streamed, not
 * kept, so the refusal goes to the caller. Blocking HTTP work runs on the SDK's own event threads,
 * never the caller's.
 */
public final class EventCalls {

    private static final Logger log = LoggerFactory.getLogger(EventCalls.class);
    static final PartHeaders METADATA = PartHeaders.of(
            "Content-Disposition", "form-data; name=\"metadata\"",
            "Content-Type", "application/json; charset=UTF-8");
    static final PartHeaders AUDIO = PartHeaders.of(
            "Content-Disposition", "form-data; name=\"audio\"",
            "Content-Type", "application/octet-stream");

    private final OkHttpClient http;
    private final HttpUrl base;
    private final AuthManager auth;
    private final RealTransport transport;
    private final Consumer<RealReceivedDirective> directives;
    private final Executor executor;
    private final ClientExecutors executors;
    private final BusyRetry busyRetry;
    private final Duration connectWait;
    private final long maxPartBytes;
    /**
     * Events given to {@link #send} whose response was not read yet, as registered parties; one
     * more party is {@link #awaitIdle}'s.
     */
    private final Phaser inFlight = new Phaser(1);
    /** Events waiting out a Retry-After: failed when the client closes (their timers are cancelled). */
    private final java.util.Set<CompletableFuture<EventResponse>> waiting =
            java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Audio uploads whose response has not completed, by dialogRequestId. */
    private final java.util.Map<String, RealAudioSink> openSinks = new java.util.concurrent.ConcurrentHashMap<>();

    /** Event sending over {@code http}; directives go to {@code directives} as they arrive. */
    public EventCalls(OkHttpClient http, HttpUrl base, AuthManager auth, RealTransport transport,
                      Consumer<RealReceivedDirective> directives, ClientExecutors executors, BusyRetry busyRetry,
                      Duration connectWait, long maxPartBytes) {
        this.http = http;
        this.base = base;
        this.auth = auth;
        this.transport = transport;
        this.directives = directives;
        this.executors = executors;
        this.executor = executors.workers();
        this.busyRetry = busyRetry;
        this.connectWait = connectWait;
        this.maxPartBytes = maxPartBytes;
    }

    /** Sends an event without audio. */
    public CompletableFuture<EventResponse> send(Event event) {
        byte[] metadata = MessageCodec.writeEvent(event);
        CompletableFuture<EventResponse> result = new CompletableFuture<>();
        inFlight.register();
        try {
            Instant firstSent = busyRetry.now();
            executor.execute(() -> attempt(event, metadata, 1, firstSent, result));
        } catch (RuntimeException e) {
            done();
            throw e;
        }
        return result;
    }

    /** Completes {@code result}, then counts the event out (its dependents' events are counted by then). */
    private void finish(CompletableFuture<EventResponse> result, EventResponse response, Throwable failure) {
        try {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(response);
            }
        } finally {
            done();
        }
    }

    /** {@code GET /ping} with the device's access token, completing when the server answered 2xx. */
    public CompletableFuture<Void> ping() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        executor.execute(() -> {
            try (Response r = http.newCall(new Request.Builder().url(base.resolve("/ping"))
                    .header("Authorization", "Bearer " + auth.accessToken()).get().build()).execute()) {
                if (r.code() / 100 != 2) {
                    throw new CicException(r.code(), r.code(), "GET /ping answered " + r.code());
                }
                result.complete(null);
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /** Fails the events waiting out a Retry-After: the client is closing and their timers go with it. */
    public void close() {
        for (CompletableFuture<EventResponse> w : List.copyOf(waiting)) {
            if (waiting.remove(w)) {
                finish(w, null, new IOException("client closed while the event waited to be sent again"));
            }
        }
    }

    private void done() {
        inFlight.arriveAndDeregister();
    }

    /**
     * Waits up to {@code max} until no event sent with {@link #send} is in flight, including the
     * ones sent meanwhile (a report that follows another). Returns whether that happened in time.
     * Call it once (when closing).
     */
    public boolean awaitIdle(Duration max) throws InterruptedException {
        int phase = inFlight.arrive();
        try {
            inFlight.awaitAdvanceInterruptibly(phase, max.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** The {@code attempt}-th send of an event (1-based); on a worker. */
    private void attempt(Event event, byte[] metadata, int attempt, Instant firstSent,
                         CompletableFuture<EventResponse> result) {
        try {
            awaitConnected();
            String token = auth.accessToken();
            for (boolean refreshed = false; ; refreshed = true) {
                Call call = http.newCall(request(token, body(metadata)));
                try (Response response = call.execute()) {
                    if (response.code() == 401 && !refreshed) {
                        log.info("event=EventUnauthorized action=refresh event={}", event.header().qualifiedName());
                        token = auth.refresh(token).accessToken();
                        continue;
                    }
                    Optional<Duration> wait = busyRetry.delay(response.code(), response.header("Retry-After"),
                            attempt, firstSent);
                    if (wait.isPresent()) {
                        retryLater(event, metadata, attempt, firstSent, result, response.code(), wait.get());
                        return;
                    }
                    EventResponse read = read(response, event.dialogRequestId());
                    finish(result, read, null);
                    return;
                }
            }
        } catch (Throwable t) {
            finish(result, null, t);
        }
    }

    private void retryLater(Event event, byte[] metadata, int attempt, Instant firstSent,
                            CompletableFuture<EventResponse> result, int status, Duration wait) {
        log.info("event=EventRetryLater status={} event={} messageId={} attempt={} waitMs={}", status,
                event.header().qualifiedName(), event.header().messageId(), attempt, wait.toMillis());
        waiting.add(result);
        try {
            executors.schedule(() -> {
                if (waiting.remove(result)) {
                    attempt(event, metadata, attempt + 1, firstSent, result);
                }
            }, wait, executor);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            if (waiting.remove(result)) {
                finish(result, null, new IOException("client closed before the event could be sent again", e));
            }
        }
    }

    /** A fresh multipart body around the event's metadata (a body is written once per call). */
    private static RequestBody body(byte[] metadata) {
        MultipartWriter w = new MultipartWriter(MultipartWriter.newBoundary());
        ByteArrayOutputStream body = new ByteArrayOutputStream(metadata.length + 256);
        body.writeBytes(w.begin());
        body.writeBytes(w.part(METADATA, metadata));
        body.writeBytes(w.end());
        return RequestBody.create(body.toByteArray(), MediaType.get(w.contentType("form-data")));
    }

    /**
     * Starts a {@code Recognize}-like event whose audio part is written while the request is in
     * flight (an HTTP/2 duplex body).
     */
    public RealAudioSink sendWithAudio(Event event) {
        byte[] metadata = MessageCodec.writeEvent(event);
        RealAudioSink sink = new RealAudioSink(event.dialogRequestId(), metadata);
        if (event.dialogRequestId() != null) {
            openSinks.put(event.dialogRequestId(), sink);
            sink.responseFuture().whenComplete((r, e) -> openSinks.remove(event.dialogRequestId(), sink));
        }
        executor.execute(() -> {
            try {
                awaitConnected();
                Call call = http.newCall(request(auth.accessToken(), sink));
                sink.call(call);
                try (Response response = call.execute()) {
                    EventResponse r = read(response, event.dialogRequestId());
                    sink.responseFuture().complete(r);
                }
            } catch (Throwable t) {
                sink.failed(t);
            }
        });
        return sink;
    }

    /**
     * Called for every directive the moment it arrives (response or downchannel), before it is
     * queued for its agent: a {@code SpeechRecognizer.StopCapture} for the dialog of an audio upload
     * still open ends that upload, so no more audio leaves the device whatever the app does.
     */
    public void onArrival(ReceivedDirective directive) {
        if (!"SpeechRecognizer".equals(directive.namespace()) || !"StopCapture".equals(directive.name())
                || directive.dialogRequestId() == null) {
            return;
        }
        RealAudioSink sink = openSinks.get(directive.dialogRequestId());
        if (sink == null) {
            return;
        }
        log.info("event=StopCapture dialogRequestId={} action=endUpload", directive.dialogRequestId());
        sink.stopRequested(); // later writes are ignored from now on
        try {
            // ending the body may wait for HTTP/2 flow control: not on the thread reading directives
            executor.execute(sink::stopCapture);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("event=StopCaptureNotRun reason=closing");
        }
    }

    private void awaitConnected() throws IOException {
        try {
            transport.whenConnected().get(connectWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            Throwable last = transport.lastFailure();
            throw new IOException("not connected to " + base + " after " + connectWait
                    + (last != null ? ": " + last.getMessage() : ""), last);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("not connected: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the connection", e);
        }
    }

    private Request request(String token, RequestBody body) {
        return new Request.Builder().url(base.resolve("/v1/events"))
                .header("Authorization", "Bearer " + token).post(body).build();
    }

    private EventResponse read(Response response, String dialogRequestId) throws IOException {
        if (response.code() == 204) {
            return new EventResponse(204, dialogRequestId, List.of());
        }
        if (!response.isSuccessful()) {
            CicException e = error(response);
            Optional<Duration> retryAfter = BusyRetry.parse(response.header("Retry-After"), busyRetry.clock());
            throw retryAfter.isEmpty() ? e : new CicException(e.httpStatus(), e.code(), e.description(),
                    e.oauthError(), retryAfter.get());
        }
        List<ReceivedDirective> received = Collections.synchronizedList(new ArrayList<>());
        List<CicException> exceptions = new ArrayList<>();
        DirectiveStreamReader reader = new DirectiveStreamReader(
                Objects.requireNonNullElse(response.header("Content-Type"), ""), ReceivedDirective.Source.RESPONSE,
                DirectiveStreamReader.sink(d -> {
                    received.add(d);
                    directives.accept(d);
                }, exceptions::add), maxPartBytes);
        reader.readAll(response.body().byteStream());
        if (!exceptions.isEmpty()) {
            throw exceptions.get(0);
        }
        return new EventResponse(response.code(), dialogRequestId, received);
    }

    /** The {@link CicException} for an error response, from its System.Exception part if it has one. */
    static CicException error(Response response) {
        int status = response.code();
        String description = response.message();
        try {
            byte[] body = response.body().bytes();
            String type = response.header("Content-Type");
            if (type != null && ContentTypes.mediaType(type).startsWith("multipart/")) {
                for (var part : MultipartWriter.parseAll(ContentTypes.boundaryOf(type), body)) {
                    var n = MessageCodec.mapper().readTree(part.body());
                    if (n != null && n.has("payload")) {
                        return DirectiveStreamReader.exception(status, n.get("payload"));
                    }
                    if (n != null && n.has("directive")) {
                        return DirectiveStreamReader.exception(status, n.get("directive").path("payload"));
                    }
                }
            } else if (body.length > 0) {
                description = new String(body, StandardCharsets.UTF_8).strip();
            }
        } catch (IOException | dev.opencic.protocol.multipart.MultipartException | RuntimeException e) {
            log.debug("event=UnreadableErrorBody status={} reason={}", status, e.toString());
        }
        return new CicException(status, status, description.isEmpty() ? "HTTP " + status : description);
    }
}
