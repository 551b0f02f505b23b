package dev.opencic.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SplitHttpResponse;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.multipart.ContentTypes;
import dev.opencic.protocol.multipart.MultipartParser;
import dev.opencic.protocol.multipart.PartHeaders;
import dev.opencic.protocol.multipart.PartListener;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Reads a multipart response part by part as it streams in, the way a device does: each part is
 * queued the moment its closing delimiter arrives, so tests can assert on order and timing.
 */
public final class StreamedParts {

    /**
     * One complete part with the time its first body bytes arrived (its end's time for an empty
     * part) and the time it finished arriving ({@link System#nanoTime()}).
     */
    public record Part(PartHeaders headers, byte[] body, long firstByteNanos, long arrivedNanos) {
        public boolean isJson() {
            String ct = headers.contentType();
            return ct != null && ct.startsWith("application/json");
        }

        public Directive directive() {
            try {
                return MessageCodec.readDirective(body);
            } catch (Exception e) {
                throw new AssertionError("not a directive: " + new String(body), e);
            }
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final ResponseHeaders headers;
    private final BlockingQueue<Part> parts = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private StreamedParts(ResponseHeaders headers) {
        this.headers = headers;
    }

    /** Waits for the response headers, then reads the body in the background. */
    public static StreamedParts read(HttpResponse response) throws Exception {
        SplitHttpResponse split = response.split();
        ResponseHeaders headers = split.headers().get(10, TimeUnit.SECONDS);
        StreamedParts sp = new StreamedParts(headers);
        String contentType = headers.get("content-type");
        if (contentType == null || !contentType.startsWith("multipart/")) {
            split.body().subscribe(new Drain(sp.ended));
            return sp;
        }
        MultipartParser parser = new MultipartParser(ContentTypes.boundaryOf(contentType), sp.listener());
        split.body().subscribe(new Subscriber<HttpData>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(HttpData d) {
                try {
                    parser.feed(ByteBuffer.wrap(d.array()));
                } catch (Exception e) {
                    sp.ended.completeExceptionally(e);
                }
            }

            @Override
            public void onError(Throwable t) {
                sp.ended.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                try {
                    parser.finish();
                    sp.ended.complete(null);
                } catch (Exception e) {
                    sp.ended.completeExceptionally(e);
                }
            }
        });
        return sp;
    }

    private PartListener listener() {
        return new PartListener() {
            PartHeaders current;
            ByteArrayOutputStream body;
            long firstByte;

            @Override
            public void onPartBegin(PartHeaders h) {
                current = h;
                body = new ByteArrayOutputStream();
                firstByte = 0;
            }

            @Override
            public void onPartData(ByteBuffer data) {
                if (firstByte == 0 && data.hasRemaining()) {
                    firstByte = System.nanoTime();
                }
                byte[] b = new byte[data.remaining()];
                data.get(b);
                body.writeBytes(b);
            }

            @Override
            public void onPartEnd() {
                long now = System.nanoTime();
                parts.add(new Part(current, body.toByteArray(), firstByte == 0 ? now : firstByte, now));
            }
        };
    }

    public int status() {
        return headers.status().code();
    }

    public ResponseHeaders headers() {
        return headers;
    }

    /** The next complete part, failing the test if none arrives in time. */
    public Part next(Duration timeout) throws InterruptedException {
        Part p = parts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(p).as("a part within %s", timeout).isNotNull();
        return p;
    }

    public Part next() throws InterruptedException {
        return next(Duration.ofSeconds(10));
    }

    /** The next part if one arrives within the timeout, else null. */
    public Part poll(Duration timeout) throws InterruptedException {
        return parts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits up to {@code timeout} for a directive named {@code qualifiedName} (e.g. "Clova.RenderText"),
     * polling every 200 ms and running {@code beforeEachPoll} first (a test that runs a node's clock
     * behind brings it to the present there). Fails naming the directives that came instead.
     */
    public Directive awaitDirective(String qualifiedName, Duration timeout, Runnable beforeEachPoll)
            throws InterruptedException {
        java.util.List<String> seen = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            beforeEachPoll.run();
            Part p = poll(Duration.ofMillis(200));
            if (p != null && p.isJson()) {
                seen.add(p.directive().header().qualifiedName());
                if (p.directive().header().qualifiedName().equals(qualifiedName)) {
                    return p.directive();
                }
            }
        }
        throw new AssertionError("no " + qualifiedName + " within " + timeout + "; got " + seen);
    }

    /**
     * The names of the directives that arrive before the one whose messageId is given: with a marker
     * pushed behind a delivery, what came twice shows here.
     */
    public java.util.List<String> namesBefore(String messageId, Duration timeout) throws InterruptedException {
        java.util.List<String> before = new java.util.ArrayList<>();
        while (true) {
            Part p = next(timeout);
            if (!p.isJson()) {
                continue;
            }
            if (p.directive().header().messageId().equals(messageId)) {
                return before;
            }
            before.add(p.directive().header().qualifiedName());
        }
    }

    public CompletableFuture<Void> whenEnded() {
        return ended;
    }

    /** Waits for the end of the stream and returns every part not yet taken. */
    public java.util.List<Part> rest() throws Exception {
        ended.get(20, TimeUnit.SECONDS);
        java.util.List<Part> out = new java.util.ArrayList<>();
        parts.drainTo(out);
        return out;
    }

    /** Waits for the end of the stream and returns the directives among the parts not yet taken. */
    public java.util.List<Directive> directives() throws Exception {
        return rest().stream().filter(Part::isJson).map(Part::directive).toList();
    }

    private record Drain(CompletableFuture<Void> ended) implements Subscriber<HttpData> {
        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(HttpData d) {}

        @Override
        public void onError(Throwable t) {
            ended.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            ended.complete(null);
        }
    }
}
