package dev.opencic.server.skill.music;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|HEAD /v1/music/tracks/{id}/stream}: a track's file behind a signed URL, with single
 * byte ranges ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}). A bad or expired
 * signature gets {@code 403} before the track is even looked up; a track that is not (or no longer)
 * on disk {@code 404}; a range that is malformed, multiple or outside the file {@code 416} with
 * {@code Content-Range: bytes *}{@code /size}. The file is read on the blocking executor as the
 * client consumes it (HTTP/2 flow control), so a slow player holds no more than a buffer or two.
 */
final class StreamService implements HttpService {

    private static final Logger log = LoggerFactory.getLogger(StreamService.class);
    private static final int CHUNK = 16 * 1024;

    private final MusicLibrary library;
    private final StreamUrls urls;
    private final Counter refused;
    private final Counter served;

    public StreamService(MusicLibrary library, StreamUrls urls, MeterRegistry meters) {
        this.library = library;
        this.urls = urls;
        this.refused = Counter.builder("cic.music.streams.refused").description("Stream requests refused (403/404/416)")
                .register(meters);
        this.served = Counter.builder("cic.music.streams.served").description("Stream responses started")
                .register(meters);
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        // Looking the file up touches the disk (maybe a network share): not on the event loop.
        return HttpResponse.of(java.util.concurrent.CompletableFuture.supplyAsync(() -> respond(ctx, req),
                ctx.blockingTaskExecutor()));
    }

    private HttpResponse respond(ServiceRequestContext ctx, HttpRequest req) {
        String trackId = ctx.pathParam("id");
        QueryParams q = ctx.queryParams();
        String problem = urls.check(trackId, q.get("device"), q.get("expires"), q.get("sig"));
        if (problem != null) {
            // The reason goes to the log (without the URL's query), not to the caller.
            log.info("event=StreamRefused track={} reason=\"{}\"", trackId, problem);
            refused.increment();
            return HttpResponse.of(HttpStatus.FORBIDDEN, MediaType.PLAIN_TEXT_UTF_8, "forbidden");
        }
        Optional<Track> track = library.track(trackId);
        Path file = track.map(Track::path).orElse(null);
        long size;
        try {
            if (file == null || !Files.isRegularFile(file)) {
                throw new IOException("gone");
            }
            size = Files.size(file);
        } catch (IOException e) {
            refused.increment();
            return HttpResponse.of(HttpStatus.NOT_FOUND, MediaType.PLAIN_TEXT_UTF_8, "no such track");
        }
        ResponseHeadersBuilder headers = ResponseHeaders.builder(HttpStatus.OK)
                .contentType(MediaType.parse(track.get().mediaType()))
                .add(HttpHeaderNames.ACCEPT_RANGES, "bytes")
                .add(HttpHeaderNames.CACHE_CONTROL, "private, max-age=0");
        long start = 0;
        long length = size;
        String range = req.headers().get(HttpHeaderNames.RANGE);
        if (range != null) {
            long[] r = ByteRange.parse(range, size);
            if (r == null) {
                refused.increment();
                return HttpResponse.of(ResponseHeaders.builder(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                        .add(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size)
                        .contentType(MediaType.PLAIN_TEXT_UTF_8).build(),
                        com.linecorp.armeria.common.HttpData.ofUtf8("range not satisfiable"));
            }
            start = r[0];
            length = r[1] - r[0] + 1;
            headers.status(HttpStatus.PARTIAL_CONTENT)
                   .add(HttpHeaderNames.CONTENT_RANGE, "bytes " + r[0] + "-" + r[1] + "/" + size);
        }
        headers.contentLength(length);
        served.increment();
        if (req.method() == HttpMethod.HEAD || length == 0) {
            return HttpResponse.of(headers.build());
        }
        // A stream lasts as long as the song plays: no request timeout.
        ctx.clearRequestTimeout();
        StreamMessage<com.linecorp.armeria.common.HttpData> body = StreamMessage.builder(file)
                .executor(ctx.blockingTaskExecutor())
                .bufferSize(CHUNK)
                .build()
                .range(start, length);
        return HttpResponse.of(headers.build(), body);
    }
}
