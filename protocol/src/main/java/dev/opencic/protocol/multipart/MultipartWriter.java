package dev.opencic.protocol.multipart;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Produces the bytes of a multipart body piece by piece, so a server can stream parts (even a part
 * whose body is still being produced) and the downchannel can send a part the moment it exists.
 *
 * <p>Each part is followed right away by the next delimiter ({@code CRLF--boundary}), as AVS does,
 * rather than having the delimiter written when the next part starts. A reader (see {@link
 * MultipartParser}) ends a part as soon as it reads that delimiter, so the part is complete on the
 * wire immediately instead of waiting for whatever comes next, which on a downchannel may be
 * minutes away. {@link #end()} then only appends {@code --CRLF} to turn the last delimiter into
 * the closing one.
 *
 * <p>Call order: {@link #begin()}, then any number of either {@link #partHeader}, body bytes
 * (written by the caller, in as many chunks as it likes), {@link #partEnd()}; or {@link #part};
 * then {@link #end()}. Calls out of order throw {@link IllegalStateException}. Not thread-safe.
 * When writing body chunks yourself, the body must not contain a line break followed by {@code
 * --boundary}; a random {@link #newBoundary()} makes that practically impossible.
 */
public final class MultipartWriter {

    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { NEW, AT_DELIMITER, IN_PART, ENDED }

    private final String boundary;
    private final byte[] delimiter; // "\r\n--" + boundary
    private State state = State.NEW;

    /**
     * @throws IllegalArgumentException if {@code boundary} is not 1 to 70 RFC 2046 boundary characters
     */
    public MultipartWriter(String boundary) {
        Objects.requireNonNull(boundary, "boundary");
        String problem = ContentTypes.boundaryProblem(boundary);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        this.boundary = boundary;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    }

    /** A fresh random boundary: 32 hex digits from {@link SecureRandom}. */
    public static String newBoundary() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public String boundary() {
        return boundary;
    }

    /** Content-Type header value, e.g. {@code multipart/related; boundary=...} for "related". */
    public String contentType(String subtype) {
        Objects.requireNonNull(subtype, "subtype");
        if (subtype.isEmpty() || subtype.indexOf('/') >= 0 || subtype.indexOf(';') >= 0 || !subtype.strip().equals(subtype)) {
            throw new IllegalArgumentException("not a multipart subtype: \"" + subtype + "\"");
        }
        return "multipart/" + subtype + "; boundary=" + ContentTypes.boundaryParam(boundary);
    }

    /** The first delimiter, {@code --boundary}, without a line break. */
    public byte[] begin() {
        expect(State.NEW, "begin() called twice");
        state = State.AT_DELIMITER;
        return ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Starts a part: the line break ending the previous delimiter, the header lines and the blank
     * line. Write the body bytes after it, then {@link #partEnd()}.
     */
    public byte[] partHeader(PartHeaders headers) {
        Objects.requireNonNull(headers, "headers");
        expectAtDelimiter("partHeader");
        state = State.IN_PART;
        return headerBytes(headers);
    }

    /** Ends the part started by {@link #partHeader}: the next delimiter, {@code CRLF--boundary}. */
    public byte[] partEnd() {
        if (state != State.IN_PART) {
            throw new IllegalStateException("partEnd() without partHeader() (state " + state + ")");
        }
        state = State.AT_DELIMITER;
        return delimiter.clone();
    }

    /**
     * A whole part: {@code partHeader(headers) + body + partEnd()} in one array.
     *
     * @throws IllegalArgumentException if the body contains the delimiter (a line start, or its
     *     very start, followed by {@code --boundary})
     */
    public byte[] part(PartHeaders headers, byte[] body) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        expectAtDelimiter("part");
        if (containsDelimiter(body)) {
            throw new IllegalArgumentException("part body contains the multipart boundary " + boundary);
        }
        byte[] head = headerBytes(headers);
        byte[] out = new byte[head.length + body.length + delimiter.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        System.arraycopy(delimiter, 0, out, head.length + body.length, delimiter.length);
        return out;
    }

    /** {@code --CRLF}, turning the last delimiter into the closing delimiter. */
    public byte[] end() {
        expectAtDelimiter("end");
        state = State.ENDED;
        return new byte[] {'-', '-', '\r', '\n'};
    }

    /** A whole multipart body with the given parts (none gives {@code --boundary--CRLF}). */
    public static byte[] encode(String boundary, List<Part> parts) {
        Objects.requireNonNull(parts, "parts");
        MultipartWriter w = new MultipartWriter(boundary);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(w.begin());
        for (Part p : parts) {
            out.writeBytes(w.part(p.headers(), p.body()));
        }
        out.writeBytes(w.end());
        return out.toByteArray();
    }

    /**
     * Parses a whole multipart body into whole parts with a default {@link MultipartParser}; for
     * tests and clients with small bodies.
     */
    public static List<Part> parseAll(String boundary, byte[] body) throws MultipartException {
        Objects.requireNonNull(body, "body");
        List<Part> parts = new ArrayList<>();
        MultipartParser parser = new MultipartParser(boundary, new PartListener() {
            private PartHeaders headers;
            private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

            @Override
            public void onPartBegin(PartHeaders h) {
                headers = h;
                buf.reset();
            }

            @Override
            public void onPartData(ByteBuffer data) {
                if (data.hasArray()) {
                    buf.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
                } else {
                    byte[] copy = new byte[data.remaining()];
                    data.get(copy);
                    buf.writeBytes(copy);
                }
            }

            @Override
            public void onPartEnd() {
                parts.add(new Part(headers, buf.toByteArray()));
            }
        });
        parser.feed(ByteBuffer.wrap(body));
        parser.finish();
        return parts;
    }

    private void expect(State expected, String message) {
        if (state != expected) {
            throw new IllegalStateException(message + " (state " + state + ")");
        }
    }

    private void expectAtDelimiter(String call) {
        switch (state) {
            case AT_DELIMITER -> { }
            case NEW -> throw new IllegalStateException(call + "() before begin()");
            case IN_PART -> throw new IllegalStateException(call + "() before partEnd() of the open part");
            case ENDED -> throw new IllegalStateException(call + "() after end()");
        }
    }

    private static byte[] headerBytes(PartHeaders headers) {
        StringBuilder sb = new StringBuilder("\r\n");
        headers.forEach((name, value) -> sb.append(name).append(": ").append(value).append("\r\n"));
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code --boundary} occurs at the start of {@code body} or right after an LF in it. */
    private boolean containsDelimiter(byte[] body) {
        for (int i = 0; i <= body.length - (delimiter.length - 2); i++) {
            if ((i == 0 || body[i - 1] == '\n') && startsWith(body, i)) {
                return true;
            }
        }
        return false;
    }

    private boolean startsWith(byte[] body, int at) {
        for (int k = 2; k < delimiter.length; k++) {
            if (body[at + k - 2] != delimiter[k]) {
                return false;
            }
        }
        return true;
    }
}
