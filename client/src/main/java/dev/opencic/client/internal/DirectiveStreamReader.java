package dev.opencic.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.client.Attachment;
import dev.opencic.client.CicException;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageFormatException;
import dev.opencic.protocol.multipart.ContentTypes;
import dev.opencic.protocol.multipart.MultipartException;
import dev.opencic.protocol.multipart.MultipartParser;
import dev.opencic.protocol.multipart.PartHeaders;
import dev.opencic.protocol.multipart.PartListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one {@code multipart/related} stream (an event response or the downchannel) with the
 * protocol module's push parser and hands each directive out the moment its part ends, not after
 * the stream ends. JSON parts are directives (or a {@code System.Exception}); parts with a
 * Content-ID are attachments, matched to their directives by an {@link AttachmentMatcher}.
 */
public final class DirectiveStreamReader implements PartListener {

    private static final Logger log = LoggerFactory.getLogger(DirectiveStreamReader.class);

    /** Receives what the stream carries, on the reading thread. */
    public interface Sink {
        void onDirective(RealReceivedDirective directive);

        void onException(CicException exception);
    }

    private final ReceivedDirective.Source source;
    private final Sink sink;
    private final AttachmentMatcher matcher;
    private final long maxPartBytes;
    private final MultipartParser parser;

    private PartHeaders headers;
    private ByteArrayOutputStream body;
    private boolean skipping;

    /** A reader for a stream of {@code contentType} (its boundary), reporting to {@code sink}; parts over {@code maxPartBytes} are skipped. */
    public DirectiveStreamReader(String contentType, ReceivedDirective.Source source, Sink sink,
                                 long maxPartBytes) throws ProtocolException {
        this.source = source;
        this.sink = sink;
        this.maxPartBytes = maxPartBytes;
        this.matcher = new AttachmentMatcher(maxPartBytes * 2, 64);
        String boundary;
        try {
            boundary = ContentTypes.boundaryOf(contentType);
        } catch (MultipartException e) {
            throw new ProtocolException("not a multipart response: " + contentType + " (" + e.getMessage() + ")");
        }
        this.parser = MultipartParser.builder(boundary, this).maxParts(Integer.MAX_VALUE).build();
    }

    /** The matcher of this stream (for tests). */
    public AttachmentMatcher matcher() {
        return matcher;
    }

    /** Whether the closing delimiter was read: the server ended the stream on purpose. */
    public boolean isComplete() {
        return parser.isComplete();
    }

    /**
     * Reads {@code in} to its end, handing out parts as they complete. Returns normally at end of
     * stream, whether or not the closing delimiter came (see {@link #isComplete()}).
     */
    public void readAll(InputStream in) throws IOException {
        byte[] buf = new byte[16 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) != -1) {
                feed(buf, 0, n);
            }
        } finally {
            matcher.end();
        }
    }

    /** Feeds bytes (for callers that read the stream themselves, and for tests). */
    public void feed(byte[] bytes, int offset, int length) throws IOException {
        try {
            parser.feed(ByteBuffer.wrap(bytes, offset, length));
        } catch (MultipartException e) {
            throw new ProtocolException("malformed multipart stream: " + e.getMessage());
        }
    }

    private CicException lastException;

    @Override
    public void onPartBegin(PartHeaders headers) {
        this.headers = headers;
        this.body = new ByteArrayOutputStream();
        this.skipping = false;
    }

    @Override
    public void onPartData(ByteBuffer data) {
        if (skipping) {
            return;
        }
        if (body.size() + (long) data.remaining() > maxPartBytes) {
            log.warn("event=PartTooLarge contentId={} limit={}", headers.contentId(), maxPartBytes);
            skipping = true;
            body = null;
            return;
        }
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        body.write(chunk, 0, chunk.length);
    }

    @Override
    public void onPartEnd() {
        if (skipping) {
            return;
        }
        byte[] bytes = body.toByteArray();
        String type = headers.contentType() == null ? "" : ContentTypes.mediaType(headers.contentType());
        String contentId = headers.contentId();
        if (type.equals("application/json") || (contentId == null && looksLikeJson(bytes))) {
            jsonPart(bytes);
        } else if (contentId != null) {
            matcher.attachment(new Attachment(contentId, headers.contentType(), bytes));
        } else {
            log.warn("event=UnknownPart headers={}", headers);
        }
    }

    private void jsonPart(byte[] bytes) {
        JsonNode root;
        try {
            root = MessageCodec.mapper().readTree(bytes);
        } catch (IOException e) {
            log.warn("event=BadDirectiveJson reason={}", e.getMessage());
            return;
        }
        if (root != null && root.has("directive")) {
            Directive d;
            try {
                d = MessageCodec.readDirective(bytes);
            } catch (MessageFormatException e) {
                log.warn("event=BadDirective reason={}", e.getMessage());
                return;
            }
            if (isSystemException(d.namespace(), d.name())) {
                exceptionPart(exception(200, d.payload()));
                return;
            }
            RealReceivedDirective received = new RealReceivedDirective(d, source);
            matcher.directive(received);
            sink.onDirective(received);
        } else if (root != null && isSystemException(root.path("header").path("namespace").asText(),
                root.path("header").path("name").asText())) {
            exceptionPart(exception(200, root.path("payload")));
        } else {
            log.warn("event=UnknownJsonPart");
        }
    }

    /** The last System.Exception part read, or null; on a downchannel it says why the server ended it. */
    public CicException lastException() {
        return lastException;
    }

    private void exceptionPart(CicException e) {
        lastException = e;
        sink.onException(e);
    }

    static boolean isSystemException(String namespace, String name) {
        return "System".equals(namespace) && "Exception".equals(name);
    }

    static CicException exception(int httpStatus, JsonNode payload) {
        int code = payload.path("code").asInt(httpStatus);
        return new CicException(httpStatus, code, payload.path("description").asText("(no description)"));
    }

    private static boolean looksLikeJson(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\r' && b != '\n' && b != '\t') {
                return false;
            }
        }
        return false;
    }

    /** Adapts a lambda pair to a {@link Sink}. */
    public static Sink sink(Consumer<RealReceivedDirective> directives, Consumer<CicException> exceptions) {
        return new Sink() {
            @Override
            public void onDirective(RealReceivedDirective directive) {
                directives.accept(directive);
            }

            @Override
            public void onException(CicException exception) {
                exceptions.accept(exception);
            }
        };
    }
}
