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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
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
 * replayed. Blocking HTTP work runs on the SDK's own event threads, never the caller's.
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
    private final Duration connectWait;
    private final long maxPartBytes;
    /**
     * Events given to {@link #send} whose response was not read yet, as registered parties; one
     * more party is {@link #awaitIdle}'s.
     */
    private final Phaser inFlight = new Phaser(1);
    /** Audio uploads whose response has not completed, by dialogRequestId. */
    private final java.util.Map<String, RealAudioSink> openSinks = new java.util.concurrent.ConcurrentHashMap<>();

    /** Event sending over {@code http}; directives go to {@code directives} as they arrive. */
    public EventCalls(OkHttpClient http, HttpUrl base, AuthManager auth, RealTransport transport,
                      Consumer<RealReceivedDirective> directives, Executor executor, Duration connectWait,
                      long maxPartBytes) {
        this.http = http;
        this.base = base;
        this.auth = auth;
        this.transport = transport;
        this.directives = directives;
        this.executor = executor;
        this.connectWait = connectWait;
        this.maxPartBytes = maxPartBytes;
    }

    /** Sends an event without audio. */
    public CompletableFuture<EventResponse> send(Event event) {
        byte[] metadata = MessageCodec.writeEvent(event);
        CompletableFuture<EventResponse> result = new CompletableFuture<>();
        inFlight.register();
        try {
            executor.execute(() -> {
                try {
                    send(event, metadata, result);
                } finally {
                    // after the result completed: events its dependents sent are counted already
                    done();
                }
            });
        } catch (RuntimeException e) {
            done();
            throw e;
        }
        return result;
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

    private void send(Event event, byte[] metadata, CompletableFuture<EventResponse> result) {
        try {
            awaitConnected();
            String token = auth.accessToken();
            for (int attempt = 0; ; attempt++) {
                MultipartWriter w = new MultipartWriter(MultipartWriter.newBoundary());
                ByteArrayOutputStream body = new ByteArrayOutputStream(metadata.length + 256);
                body.writeBytes(w.begin());
                body.writeBytes(w.part(METADATA, metadata));
                body.writeBytes(w.end());
                RequestBody rb = RequestBody.create(body.toByteArray(), MediaType.get(w.contentType("form-data")));
                Call call = http.newCall(request(token, rb));
                try (Response response = call.execute()) {
                    if (response.code() == 401 && attempt == 0) {
                        log.info("event=EventUnauthorized action=refresh event={}", event.header().qualifiedName());
                        token = auth.refresh(token).accessToken();
                        continue;
                    }
                    result.complete(read(response, event.dialogRequestId()));
                    return;
                }
            }
        } catch (Throwable t) {
            result.completeExceptionally(t);
        }
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
            throw error(response);
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
