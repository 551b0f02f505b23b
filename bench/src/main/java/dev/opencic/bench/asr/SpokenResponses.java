package dev.opencic.bench.asr;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.ResponseHeaders;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.multipart.ContentTypes;
import dev.opencic.protocol.multipart.MultipartParser;
import dev.opencic.protocol.multipart.PartHeaders;
import dev.opencic.protocol.multipart.PartListener;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * What {@link SpokenRequestLoad}'s devices read: the downchannel's and the event responses' multipart
 * bodies parsed as they stream, with the arrival times of the parts it measures.
 */
final class SpokenResponses {

    private SpokenResponses() {}

    /** What the downchannel has seen for one dialogRequestId. */
    static final class Seen {
        final CompletableFuture<Long> stopCaptureNanos = new CompletableFuture<>();
        volatile String recognizedText = "";
        volatile int partials;
    }

    /** Feeds an HTTP response's body to a multipart parser as it streams; reports the status. */
    static final class MultipartReader implements Subscriber<HttpObject> {
        private final CompletableFuture<Integer> status;
        private final PartCollector listener;
        private MultipartParser parser;

        MultipartReader(CompletableFuture<Integer> status, PartCollector listener) {
            this.status = status;
            this.listener = listener;
        }

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(HttpObject obj) {
            try {
                if (obj instanceof ResponseHeaders h) {
                    if (h.status().isInformational()) {
                        return;
                    }
                    String ct = h.get(HttpHeaderNames.CONTENT_TYPE);
                    if (ct != null && ct.startsWith("multipart/")) {
                        parser = MultipartParser.builder(ContentTypes.boundaryOf(ct), listener)
                                .maxParts(Integer.MAX_VALUE).build();
                    }
                    status.complete(h.status().code());
                } else if (obj instanceof HttpData d) {
                    if (parser != null) {
                        parser.feed(ByteBuffer.wrap(d.array()));
                    }
                }
            } catch (Exception e) {
                listener.done.completeExceptionally(e);
            }
        }

        @Override
        public void onError(Throwable t) {
            status.completeExceptionally(t);
            listener.done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            status.complete(-1);
            listener.done.complete(null);
        }
    }

    /** Collects parts; subclasses look at them as they arrive. */
    abstract static class PartCollector implements PartListener {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        PartHeaders headers;
        ByteArrayOutputStream body;

        @Override
        public void onPartBegin(PartHeaders h) {
            headers = h;
            body = new ByteArrayOutputStream();
        }

        @Override
        public void onPartData(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            body.writeBytes(b);
        }

        boolean isJson() {
            String ct = headers.contentType();
            return ct != null && ct.startsWith("application/json");
        }
    }

    /** The downchannel: StopCapture and partials by dialogRequestId, with arrival times. */
    static final class DirectiveListener extends PartCollector {
        private final Map<String, Seen> seen;

        DirectiveListener(Map<String, Seen> seen) {
            this.seen = seen;
        }

        @Override
        public void onPartEnd() {
            long now = System.nanoTime();
            if (!isJson()) {
                return;
            }
            try {
                Directive d = MessageCodec.readDirective(body.toByteArray());
                Seen s = d.dialogRequestId() == null ? null : seen.get(d.dialogRequestId());
                if (s == null) {
                    return;
                }
                if (d.name().equals("ShowRecognizedText")) {
                    s.partials++;
                } else if (d.name().equals("StopCapture")) {
                    var t = d.payload().get("recognizedText");
                    s.recognizedText = t == null ? "" : t.asText();
                    s.stopCaptureNanos.complete(now);
                }
            } catch (Exception e) {
                System.err.println("bad downchannel part: " + e);
            }
        }
    }

    /** The event response: when the first byte of an audio attachment (the Speak MP3) arrives. */
    static final class ResponseListener extends PartCollector {
        volatile long firstAudioNanos;
        private boolean audioPart;

        @Override
        public void onPartBegin(PartHeaders h) {
            super.onPartBegin(h);
            String ct = h.contentType();
            audioPart = ct != null && (ct.startsWith("audio/") || ct.startsWith("application/octet-stream"));
        }

        @Override
        public void onPartData(ByteBuffer data) {
            if (audioPart && firstAudioNanos == 0 && data.hasRemaining()) {
                firstAudioNanos = System.nanoTime();
            }
            super.onPartData(data);
        }

        @Override
        public void onPartEnd() {}
    }
}
