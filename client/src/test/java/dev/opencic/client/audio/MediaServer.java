package dev.opencic.client.audio;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.Server;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTP server for music files (HTTP/1.1 and h2c on one loopback port): {@code /media/NAME}
 * serves the bytes put there, honouring {@code Range: bytes=N-} and {@code bytes=N-M} with 206;
 * anything else is 404. Records the Range header of every request.
 */
final class MediaServer implements AutoCloseable {

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> protocols = new CopyOnWriteArrayList<>();
    /** Files whose next full (non-Range) response breaks off after this many bytes. */
    private final Map<String, Integer> dropOnce = new ConcurrentHashMap<>();
    private final Server server;

    MediaServer() {
        server = Server.builder().localPort(0, com.linecorp.armeria.common.SessionProtocol.HTTP)
                .serviceUnder("/media/", (ctx, req) -> {
                    String name = ctx.mappedPath().substring(1);
                    String range = req.headers().get(HttpHeaderNames.RANGE);
                    requests.add(name + (range != null ? " " + range : ""));
                    protocols.add(ctx.sessionProtocol().uriText());
                    byte[] data = files.get(name);
                    if (data == null) {
                        return HttpResponse.of(HttpStatus.NOT_FOUND);
                    }
                    Integer drop = range == null ? dropOnce.remove(name) : null;
                    if (drop != null) {
                        var w = HttpResponse.streaming();
                        w.write(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.parse("audio/mpeg"))
                                .contentLength(data.length).build());
                        w.write(com.linecorp.armeria.common.HttpData.wrap(data, 0, drop));
                        ctx.eventLoop().schedule(() -> w.abort(), 100, java.util.concurrent.TimeUnit.MILLISECONDS);
                        return w;
                    }
                    if (range == null) {
                        return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE,
                                MediaType.parse("audio/mpeg")), com.linecorp.armeria.common.HttpData.wrap(data));
                    }
                    String[] se = range.substring("bytes=".length()).split("-", -1);
                    int start = Integer.parseInt(se[0]);
                    int end = se[1].isEmpty() ? data.length - 1 : Math.min(data.length - 1, Integer.parseInt(se[1]));
                    if (start >= data.length) {
                        return HttpResponse.of(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
                    }
                    return HttpResponse.of(ResponseHeaders.builder(HttpStatus.PARTIAL_CONTENT)
                                    .contentType(MediaType.parse("audio/mpeg"))
                                    .add(HttpHeaderNames.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + data.length)
                                    .build(),
                            com.linecorp.armeria.common.HttpData.wrap(java.util.Arrays.copyOfRange(data, start, end + 1)));
                })
                .build();
        server.start().join();
    }

    /** Serves {@code data} at {@link #url(String) url(name)}. */
    void put(String name, byte[] data) {
        files.put(name, data);
    }

    /** The next full response for {@code name} breaks off after {@code bytes}, as a lost connection. */
    void dropOnce(String name, int bytes) {
        dropOnce.put(name, bytes);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.activeLocalPort();
    }

    String url(String name) {
        return "http://127.0.0.1:" + server.activeLocalPort() + "/media/" + name;
    }

    @Override
    public void close() {
        server.stop().join();
    }
}
