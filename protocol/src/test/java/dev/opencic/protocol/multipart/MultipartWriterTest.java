package dev.opencic.protocol.multipart;

import static dev.opencic.protocol.multipart.MultipartParserTest.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartWriterTest {

    private static final String B = "b0und";

    private static String text(byte[]... pieces) {
        return new String(concat(pieces), StandardCharsets.ISO_8859_1);
    }

    @Test
    void writesEachPartFollowedByTheNextDelimiter() {
        MultipartWriter w = new MultipartWriter(B);
        String wire = text(
                w.begin(),
                w.part(PartHeaders.of("Content-Type", "application/json", "Content-ID", "<m>"), "{}".getBytes()),
                w.partHeader(PartHeaders.of("Content-Type", "audio/pcm")),
                "ab".getBytes(),
                "cd".getBytes(),
                w.partEnd(),
                w.end());
        assertThat(wire).isEqualTo("--b0und\r\n"
                + "Content-Type: application/json\r\nContent-ID: <m>\r\n\r\n{}\r\n--b0und\r\n"
                + "Content-Type: audio/pcm\r\n\r\nabcd\r\n--b0und--\r\n");
    }

    @Test
    void roundTripsPartsThroughTheParser() throws Exception {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        List<Part> parts = List.of(
                new Part(PartHeaders.of("Content-Disposition", "form-data; name=\"metadata\"",
                        "Content-Type", "application/json; charset=UTF-8"), "{\"é\":1}".getBytes(StandardCharsets.UTF_8)),
                new Part(PartHeaders.of(), new byte[0]),
                new Part(PartHeaders.of("Content-Disposition", "form-data; name=\"audio\""), binary),
                new Part(PartHeaders.of("X", "--" + B), ("\r\n-" + B + "\n").getBytes()));
        String boundary = MultipartWriter.newBoundary();
        assertThat(MultipartWriter.parseAll(boundary, MultipartWriter.encode(boundary, parts))).isEqualTo(parts);
    }

    @Test
    void makesEachPartCompleteOnTheWireBeforeTheNextOneIsWritten() throws Exception {
        MultipartWriter w = new MultipartWriter(B);
        Recorder r = new Recorder();
        MultipartParser p = new MultipartParser(B, r);
        p.feed(ByteBuffer.wrap(w.begin()));
        p.feed(ByteBuffer.wrap(w.part(PartHeaders.of("Content-ID", "<d1>"), "directive".getBytes())));
        assertThat(r.events).containsExactly("begin PartHeaders{Content-ID: <d1>}", "data directive", "end");
    }

    @Test
    void encodesZeroPartsAsAClosingDelimiterOnly() throws Exception {
        byte[] wire = MultipartWriter.encode(B, List.of());
        assertThat(new String(wire, StandardCharsets.US_ASCII)).isEqualTo("--b0und--\r\n");
        assertThat(MultipartWriter.parseAll(B, wire)).isEmpty();
    }

    @Test
    void refusesABodyThatContainsTheDelimiter() {
        MultipartWriter w = new MultipartWriter(B);
        w.begin();
        assertThatThrownBy(() -> w.part(PartHeaders.of(), "x\r\n--b0und--".getBytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(B);
        assertThatThrownBy(() -> w.part(PartHeaders.of(), "--b0und".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(w.part(PartHeaders.of(), "x--b0und\r\n--b0un".getBytes())).isNotEmpty();
    }

    @Test
    void rejectsCallsOutOfOrder() {
        assertThatThrownBy(() -> new MultipartWriter(B).end()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("end() before begin()");
        assertThatThrownBy(() -> new MultipartWriter(B).part(PartHeaders.of(), new byte[0]))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new MultipartWriter(B).partEnd()).isInstanceOf(IllegalStateException.class);

        MultipartWriter twice = new MultipartWriter(B);
        twice.begin();
        assertThatThrownBy(twice::begin).isInstanceOf(IllegalStateException.class);

        MultipartWriter open = new MultipartWriter(B);
        open.begin();
        open.partHeader(PartHeaders.of());
        assertThatThrownBy(open::end).isInstanceOf(IllegalStateException.class).hasMessageContaining("partEnd()");
        assertThatThrownBy(() -> open.partHeader(PartHeaders.of())).isInstanceOf(IllegalStateException.class);

        MultipartWriter ended = new MultipartWriter(B);
        ended.begin();
        ended.end();
        assertThatThrownBy(() -> ended.part(PartHeaders.of(), new byte[0]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after end()");
        assertThatThrownBy(ended::end).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void makesRandomHexBoundaries() {
        String a = MultipartWriter.newBoundary();
        assertThat(a).matches("[0-9a-f]{32}");
        assertThat(MultipartWriter.newBoundary()).isNotEqualTo(a);
        assertThat(new MultipartWriter(a).boundary()).isEqualTo(a);
    }

    @Test
    void namesTheBoundaryInItsContentType() throws Exception {
        assertThat(new MultipartWriter(B).contentType("related")).isEqualTo("multipart/related; boundary=b0und");
        String withSpace = "a b";
        String quoted = new MultipartWriter(withSpace).contentType("form-data");
        assertThat(quoted).isEqualTo("multipart/form-data; boundary=\"a b\"");
        assertThat(ContentTypes.boundaryOf(quoted)).isEqualTo(withSpace);
        assertThatThrownBy(() -> new MultipartWriter(B).contentType("x; y")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAnInvalidBoundary() {
        assertThatThrownBy(() -> new MultipartWriter(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new MultipartWriter("x".repeat(71))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MultipartWriter("semi;colon")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("semi;colon");
    }

    @Test
    void parseAllReportsATruncatedBody() {
        assertThatThrownBy(() -> MultipartWriter.parseAll(B, "--b0und\r\n\r\nhalf a bo".getBytes()))
                .isInstanceOf(MultipartException.class)
                .hasMessage("multipart body ended before the closing delimiter");
    }
}
