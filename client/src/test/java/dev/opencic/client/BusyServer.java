package dev.opencic.client;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.Server;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP/2 (h2c, loopback) peer speaking just enough CIC to test how the SDK meets a busy
 * server, which the CIC server cannot yet be told to be: {@code GET /v1/directives} opens a
 * downchannel that stays silent, {@code POST /v1/events} records the event's messageId and
 * dialogRequestId and answers with the next scripted response ({@code 204} once the script is
 * used up). Not a mock of the CIC server: the client's real transport, HTTP/2 framing and multipart
 * body go over the wire.
 */
final class BusyServer implements AutoCloseable {

    /** An event as the server received it. */
    record Received(String messageId, String dialogRequestId) {}

    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern DIALOG_ID = Pattern.compile("\"dialogRequestId\"\\s*:\\s*\"([^\"]+)\"");

    final List<Received> events = new CopyOnWriteArrayList<>();
    private final Queue<ResponseHeaders> script = new ConcurrentLinkedQueue<>();
    private final List<HttpResponseWriter> downchannels = new CopyOnWriteArrayList<>();
    private final Server server;

    BusyServer() {
        server = Server.builder().localPort(0, SessionProtocol.HTTP)
                .service("/v1/directives", (ctx, req) -> {
                    ctx.clearRequestTimeout();
                    HttpResponseWriter w = HttpResponse.streaming();
                    w.write(ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE,
                            "multipart/related; boundary=downchannel"));
                    downchannels.add(w);
                    return w;
                })
                .service("/v1/events", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(body -> {
                    String text = body.content().toString(StandardCharsets.UTF_8);
                    events.add(new Received(group(MESSAGE_ID.matcher(text)), group(DIALOG_ID.matcher(text))));
                    ResponseHeaders next = script.poll();
                    return next != null ? HttpResponse.of(next, com.linecorp.armeria.common.HttpData.ofUtf8(
                            "{\"busy\": true}")) : HttpResponse.of(HttpStatus.NO_CONTENT);
                })))
                .build();
        server.start().join();
    }

    private static String group(Matcher m) {
        return m.find() ? m.group(1) : null;
    }

    /** The next event is answered {@code status} with {@code Retry-After: retryAfter} (null: none). */
    BusyServer thenRefuse(int status, String retryAfter) {
        var headers = ResponseHeaders.builder(HttpStatus.valueOf(status)).contentType(MediaType.JSON_UTF_8);
        if (retryAfter != null) {
            headers.add(HttpHeaderNames.RETRY_AFTER, retryAfter);
        }
        script.add(headers.build());
        return this;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.activeLocalPort();
    }

    @Override
    public void close() {
        downchannels.forEach(HttpResponseWriter::close);
        server.stop().join();
    }
}
