package dev.opencic.protocol.multipart;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Push parser for a multipart body (RFC 2046) that hands each part's body to a {@link
 * PartListener} as the bytes arrive. It never waits for a whole part: the server consumes an
 * {@code audio} part of a long upload while it streams in, and the client reads a downchannel
 * that never ends. A part ends as soon as the delimiter after it ({@code CRLF--boundary}) has been
 * read, without waiting for the line break that follows it.
 *
 * <p>Feed input with {@link #feed} in pieces of any size (one byte at a time works) and call
 * {@link #finish} at end of input. Body bytes are passed on as slices of the fed buffers; only a
 * possible delimiter start at the end of a buffer (at most the delimiter's length) is held back
 * until the next call decides whether it is body.
 *
 * <p>Lenient like common parsers: a preamble before the first delimiter and an epilogue after the
 * closing one are ignored; line breaks may be CRLF or bare LF; transport padding after a delimiter
 * is skipped; folded header lines are joined; a body may begin directly with a delimiter; input
 * that ends right after a delimiter instead of with {@code --boundary--} counts as complete (the
 * CIC downchannel example ends like that).
 *
 * <p>Not thread-safe: one thread feeds, and listener calls happen on that thread. Any exception,
 * including one from the listener, leaves the parser failed; later calls throw {@link
 * IllegalStateException}.
 */
public final class MultipartParser {

    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_PARTS = 64;

    private enum State {
        /** Scanning (and discarding) the preamble for the first delimiter. */
        PREAMBLE,
        /** A delimiter was read; expecting padding, then "--" or a line break. */
        AFTER_DELIMITER,
        /** After a delimiter and CR; expecting LF. */
        AFTER_DELIMITER_CR,
        /** After a delimiter and one '-'; expecting the second. */
        CLOSE_DASH,
        HEADERS,
        BODY,
        COMPLETE
    }

    private final PartListener listener;
    private final int maxHeaderBytes;
    private final int maxParts;
    /** "\r\n--" + boundary. */
    private final byte[] delimiter;

    private State state = State.PREAMBLE;
    /**
     * Held-back candidate delimiter: bytes {@code delimiter[heldFrom..matched)} were seen but not
     * yet passed on. {@code matched == 0} means nothing is held. {@code heldFrom} is 0 when the
     * candidate began with CR, 1 with LF, 2 when it began at the start of the input or of a body
     * (a virtual line start that stands for no bytes).
     */
    private int matched;
    private int heldFrom;

    private byte[] headerBuf = new byte[256];
    private int headerLen;
    private int headerLineStart;

    private int parts;
    private boolean inFeed;
    private Throwable failure;

    /** Parser with the default limits. */
    public MultipartParser(String boundary, PartListener listener) {
        this(boundary, listener, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_PARTS);
    }

    private MultipartParser(String boundary, PartListener listener, int maxHeaderBytes, int maxParts) {
        Objects.requireNonNull(boundary, "boundary");
        this.listener = Objects.requireNonNull(listener, "listener");
        String problem = ContentTypes.boundaryProblem(boundary);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (maxHeaderBytes <= 0) {
            throw new IllegalArgumentException("maxHeaderBytes must be positive: " + maxHeaderBytes);
        }
        if (maxParts <= 0) {
            throw new IllegalArgumentException("maxParts must be positive: " + maxParts);
        }
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxParts = maxParts;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        startCandidateAtLineStart();
    }

    /** A builder for a parser with non-default limits. */
    public static Builder builder(String boundary, PartListener listener) {
        return new Builder(boundary, listener);
    }

    /** Limits for a {@link MultipartParser}; unset limits keep their defaults. */
    public static final class Builder {
        private final String boundary;
        private final PartListener listener;
        private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
        private int maxParts = DEFAULT_MAX_PARTS;

        private Builder(String boundary, PartListener listener) {
            this.boundary = boundary;
            this.listener = listener;
        }

        /** Most bytes one part's header block may have, line breaks and the blank line included. */
        public Builder maxHeaderBytes(int maxHeaderBytes) {
            this.maxHeaderBytes = maxHeaderBytes;
            return this;
        }

        /** Most parts the body may have. */
        public Builder maxParts(int maxParts) {
            this.maxParts = maxParts;
            return this;
        }

        public MultipartParser build() {
            return new MultipartParser(boundary, listener, maxHeaderBytes, maxParts);
        }
    }

    /** Whether the closing delimiter was read (or {@link #finish} accepted an unclosed end). */
    public boolean isComplete() {
        return state == State.COMPLETE;
    }

    /**
     * Parses the buffer's remaining bytes and advances its position to its limit. Body bytes are
     * passed to the listener before this returns, except a held-back possible delimiter start.
     * Input after the closing delimiter is ignored.
     *
     * @throws MultipartException if the input is malformed, breaks a limit, or the listener threw it
     * @throws IllegalStateException if the parser failed earlier or this is called from a listener
     */
    public void feed(ByteBuffer data) throws MultipartException {
        Objects.requireNonNull(data, "data");
        enter();
        try {
            int pos = data.position();
            int limit = data.limit();
            while (pos < limit && state != State.COMPLETE) {
                pos = switch (state) {
                    case PREAMBLE, BODY -> scanBody(data, pos, limit);
                    case HEADERS -> readHeaders(data, pos, limit);
                    default -> afterDelimiter(data.get(pos), pos);
                };
            }
            data.position(limit);
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            inFeed = false;
        }
    }

    /**
     * Signals the end of input.
     *
     * @throws MultipartException if no delimiter was found, or the input ended inside a part's
     *     headers or body (that part gets no {@code onPartEnd})
     * @throws IllegalStateException if the parser failed earlier or this is called from a listener
     */
    public void finish() throws MultipartException {
        enter();
        try {
            switch (state) {
                case COMPLETE -> { }
                case PREAMBLE -> throw new MultipartException("no multipart boundary found");
                case BODY -> throw new MultipartException("multipart body ended before the closing delimiter");
                case HEADERS -> {
                    if (headerLen > 0) {
                        throw new MultipartException("multipart body ended before the closing delimiter");
                    }
                    complete();
                }
                // the last part already ended at its delimiter; the closing "--" is missing
                case AFTER_DELIMITER, AFTER_DELIMITER_CR, CLOSE_DASH -> complete();
            }
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            inFeed = false;
        }
    }

    private void enter() {
        if (failure != null) {
            throw new IllegalStateException("multipart parser failed earlier: " + failure, failure);
        }
        if (inFeed) {
            throw new IllegalStateException("multipart parser called from its own listener");
        }
        inFeed = true;
    }

    private void complete() throws MultipartException {
        state = State.COMPLETE;
        listener.onComplete();
    }

    private void startCandidateAtLineStart() {
        matched = 2;
        heldFrom = 2;
    }

    /**
     * Passes body bytes on (or drops preamble bytes) until a delimiter or the end of the input.
     * Returns the position after the delimiter, or {@code limit}.
     */
    private int scanBody(ByteBuffer data, int pos, int limit) throws MultipartException {
        // 1. Continue a candidate held back from before (or the virtual line start).
        if (matched > 0) {
            while (pos < limit && matched < delimiter.length && data.get(pos) == delimiter[matched]) {
                matched++;
                pos++;
            }
            if (matched == delimiter.length) {
                return delimiterFound(pos);
            }
            if (pos == limit) {
                return pos; // still undecided
            }
            // mismatch: the held bytes were body after all; rescan from the mismatching byte
            if (matched > heldFrom) {
                emit(ByteBuffer.wrap(Arrays.copyOfRange(delimiter, heldFrom, matched)));
            }
            matched = 0;
        }
        // 2. Fast scan for LF; only an LF (maybe after CR) can start a delimiter.
        int bodyStart = pos;
        int i = pos;
        while (true) {
            int lf = indexOfLf(data, i, limit);
            if (lf < 0) {
                int end = limit;
                if (data.get(limit - 1) == '\r') { // may begin a CRLF delimiter: hold it
                    end = limit - 1;
                    matched = 1;
                    heldFrom = 0;
                }
                emit(data, bodyStart, end);
                return limit;
            }
            int candidateStart = lf > bodyStart && data.get(lf - 1) == '\r' ? lf - 1 : lf;
            int m = 2;
            int j = lf + 1;
            while (j < limit && m < delimiter.length && data.get(j) == delimiter[m]) {
                m++;
                j++;
            }
            if (m == delimiter.length) {
                emit(data, bodyStart, candidateStart);
                return delimiterFound(j);
            }
            if (j == limit) {
                emit(data, bodyStart, candidateStart);
                matched = m;
                heldFrom = candidateStart == lf ? 1 : 0;
                return limit;
            }
            i = j; // mismatch at j: it may itself be LF
        }
    }

    private int delimiterFound(int pos) throws MultipartException {
        matched = 0;
        if (state == State.BODY) {
            state = State.AFTER_DELIMITER;
            listener.onPartEnd();
        } else {
            state = State.AFTER_DELIMITER;
        }
        return pos;
    }

    private int afterDelimiter(byte b, int pos) throws MultipartException {
        switch (state) {
            case AFTER_DELIMITER -> {
                if (b == ' ' || b == '\t') {
                    // transport padding
                } else if (b == '-') {
                    state = State.CLOSE_DASH;
                } else if (b == '\r') {
                    state = State.AFTER_DELIMITER_CR;
                } else if (b == '\n') {
                    startHeaders();
                } else {
                    throw new MultipartException(
                            "unexpected byte 0x" + hex(b) + " after multipart delimiter");
                }
            }
            case AFTER_DELIMITER_CR -> {
                if (b != '\n') {
                    throw new MultipartException(
                            "expected LF after CR of multipart delimiter, got 0x" + hex(b));
                }
                startHeaders();
            }
            case CLOSE_DASH -> {
                if (b != '-') {
                    throw new MultipartException("malformed closing delimiter: expected '-', got 0x" + hex(b));
                }
                complete();
            }
            default -> throw new AssertionError(state);
        }
        return pos + 1;
    }

    private void startHeaders() {
        state = State.HEADERS;
        headerLen = 0;
        headerLineStart = 0;
    }

    /** Buffers header bytes line by line; at the blank line, starts the part. */
    private int readHeaders(ByteBuffer data, int pos, int limit) throws MultipartException {
        while (pos < limit) {
            int lf = indexOfLf(data, pos, limit);
            int end = lf < 0 ? limit : lf + 1;
            appendHeaderBytes(data, pos, end);
            pos = end;
            if (lf < 0) {
                return pos;
            }
            int lineEnd = headerLen - 1; // at the LF
            if (lineEnd > headerLineStart && headerBuf[lineEnd - 1] == '\r') {
                lineEnd--;
            }
            if (lineEnd == headerLineStart) {
                beginPart(parseHeaders(headerLineStart));
                return pos;
            }
            headerLineStart = headerLen;
        }
        return pos;
    }

    private void appendHeaderBytes(ByteBuffer data, int from, int to) throws MultipartException {
        int n = to - from;
        if (headerLen + n > maxHeaderBytes) {
            throw new MultipartException("part headers exceed " + maxHeaderBytes + " bytes");
        }
        if (headerLen + n > headerBuf.length) {
            headerBuf = Arrays.copyOf(headerBuf, Math.min(maxHeaderBytes, Math.max(headerLen + n, headerBuf.length * 2)));
        }
        data.get(from, headerBuf, headerLen, n);
        headerLen += n;
    }

    /** Parses {@code headerBuf[0..blankLineStart)} (lines ending in LF or CRLF). */
    private PartHeaders parseHeaders(int blankLineStart) throws MultipartException {
        List<String> names = new ArrayList<>(4);
        List<String> values = new ArrayList<>(4);
        int start = 0;
        while (start < blankLineStart) {
            int lf = start;
            while (headerBuf[lf] != '\n') {
                lf++;
            }
            int end = lf > start && headerBuf[lf - 1] == '\r' ? lf - 1 : lf;
            int lineStart = start;
            start = lf + 1;
            if (headerBuf[lineStart] == ' ' || headerBuf[lineStart] == '\t') {
                String line = new String(headerBuf, lineStart, end - lineStart, StandardCharsets.UTF_8);
                if (values.isEmpty()) {
                    throw new MultipartException("malformed part header: " + quote(line));
                }
                int last = values.size() - 1;
                String joined = values.get(last) + " " + line.trim();
                values.set(last, joined.trim());
                continue;
            }
            // Most lines are "Name: value": two strings cut straight from the buffer, no line string.
            int colon = lineStart;
            while (colon < end && headerBuf[colon] != ':') {
                colon++;
            }
            if (colon == end) {
                throw new MultipartException("malformed part header: "
                        + quote(new String(headerBuf, lineStart, end - lineStart, StandardCharsets.UTF_8)));
            }
            String name = trimmed(lineStart, colon);
            String value = trimmed(colon + 1, end);
            try {
                names.add(PartHeaders.checkName(name));
                values.add(PartHeaders.checkValue(name, value));
            } catch (IllegalArgumentException e) {
                throw new MultipartException("malformed part header: "
                        + quote(new String(headerBuf, lineStart, end - lineStart, StandardCharsets.UTF_8)), e);
            }
        }
        return PartHeaders.ofValidated(names, values);
    }

    /** {@code headerBuf[from, to)} decoded and trimmed as {@link String#trim} would. */
    private String trimmed(int from, int to) {
        while (from < to && (headerBuf[from] & 0xff) <= ' ') {
            from++;
        }
        while (to > from && (headerBuf[to - 1] & 0xff) <= ' ') {
            to--;
        }
        return new String(headerBuf, from, to - from, StandardCharsets.UTF_8);
    }

    private void beginPart(PartHeaders headers) throws MultipartException {
        if (++parts > maxParts) {
            throw new MultipartException("more than " + maxParts + " parts");
        }
        state = State.BODY;
        startCandidateAtLineStart(); // a body may be empty: the delimiter may follow directly
        listener.onPartBegin(headers);
    }

    private void emit(ByteBuffer data, int from, int to) throws MultipartException {
        if (to > from && state == State.BODY) {
            listener.onPartData(data.slice(from, to - from));
        }
    }

    private void emit(ByteBuffer heldBytes) throws MultipartException {
        if (state == State.BODY) {
            listener.onPartData(heldBytes);
        }
    }

    private static int indexOfLf(ByteBuffer data, int from, int to) {
        if (data.hasArray()) {
            byte[] a = data.array();
            int off = data.arrayOffset();
            for (int i = from + off, end = to + off; i < end; i++) {
                if (a[i] == '\n') {
                    return i - off;
                }
            }
            return -1;
        }
        for (int i = from; i < to; i++) {
            if (data.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String hex(byte b) {
        return String.format("%02x", b & 0xff);
    }

    private static String quote(String line) {
        String shown = line.length() > 100 ? line.substring(0, 100) + "..." : line;
        return "\"" + shown + "\"";
    }
}
