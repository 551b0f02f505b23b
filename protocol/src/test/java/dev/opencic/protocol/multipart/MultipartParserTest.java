package dev.opencic.protocol.multipart;

import static dev.opencic.protocol.multipart.Recorder.bytes;
import static dev.opencic.protocol.multipart.Recorder.parse;
import static dev.opencic.protocol.multipart.Recorder.parseSplit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartParserTest {

    private static final String B = "boundary42";

    /** Two parts whose bodies are full of near-delimiters, CRs and LFs. */
    private static final String TRICKY = "preamble\r\n--boundary4 not it\r\n"
            + "--" + B + "\r\n"
            + "Content-Type: application/json\r\n"
            + "Content-ID: <a>\r\n"
            + "\r\n"
            + "{\"x\": \"--" + B + "\"}\r\n\r\n--bound\r-\n--\n\r\r\n--boundary4"
            + "\r\n--" + B + "  \t\r\n"
            + "Content-Disposition: form-data; name=audio\n"
            + "\n"
            + "\r\r\n\n-- " + B + "\r"
            + "\r\n--" + B + "--\r\nepilogue";

    private static final List<String> TRICKY_EVENTS = List.of(
            "begin PartHeaders{Content-Type: application/json, Content-ID: <a>}",
            "data {\"x\": \"--" + B + "\"}\r\n\r\n--bound\r-\n--\n\r\r\n--boundary4",
            "end",
            "begin PartHeaders{Content-Disposition: form-data; name=audio}",
            "data \r\r\n\n-- " + B + "\r",
            "end",
            "complete");

    private static MultipartParser parser(Recorder r) {
        return new MultipartParser(B, r);
    }

    private static void feed(MultipartParser p, String s) throws MultipartException {
        p.feed(ByteBuffer.wrap(bytes(s)));
    }

    @Test
    void parsesPartsWhoseBodiesContainLineBreaksAndPartialDelimiters() throws Exception {
        assertThat(parse(B, TRICKY).events).isEqualTo(TRICKY_EVENTS);
    }

    @Test
    void givesTheSameEventsWhateverSingleSplitPointTheInputIsFedWith() throws Exception {
        byte[] input = bytes(TRICKY);
        for (int cut = 0; cut <= input.length; cut++) {
            assertThat(parseSplit(B, input, cut).events).as("cut at %d", cut).isEqualTo(TRICKY_EVENTS);
        }
    }

    @Test
    void givesTheSameEventsWhateverPairOfSplitPointsTheInputIsFedWith() throws Exception {
        byte[] input = bytes(TRICKY);
        for (int a = 0; a <= input.length; a++) {
            for (int b = a; b <= input.length; b++) {
                assertThat(parseSplit(B, input, a, b).events).as("cuts at %d, %d", a, b).isEqualTo(TRICKY_EVENTS);
            }
        }
    }

    @Test
    void givesTheSameEventsWhenFedOneByteAtATime() throws Exception {
        byte[] input = bytes(TRICKY);
        int[] cuts = new int[input.length];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i;
        }
        assertThat(parseSplit(B, input, cuts).events).isEqualTo(TRICKY_EVENTS);
    }

    @Test
    void findsADelimiterSplitAcrossReads() throws Exception {
        Recorder r = new Recorder();
        MultipartParser p = parser(r);
        feed(p, "--" + B + "\r\n\r\nhello\r\n--bou");
        assertThat(r.events).containsExactly("begin PartHeaders{}", "data hello");
        feed(p, "ndary");
        feed(p, "42--");
        p.finish();
        assertThat(r.events).containsExactly("begin PartHeaders{}", "data hello", "end", "complete");
    }

    @Test
    void findsADelimiterWhoseLineBreakEndsAFailedCandidate() throws Exception {
        Recorder r = parse(B, "--" + B + "\n\nfirst\n\n--" + B + "\n\nsecond\n-\n--" + B + "--");
        assertThat(r.parts).extracting(Part::text).containsExactly("first\n", "second\n-");
    }

    @Test
    void treatsTheBoundaryNotAtALineStartAsBody() throws Exception {
        Recorder r = parse(B, "--" + B + "\r\n\r\nx--" + B + "y\r\n--" + B + "--");
        assertThat(r.parts).extracting(Part::text).containsExactly("x--" + B + "y");
    }

    @Test
    void passesOnHeldBackBytesOnceTheyTurnOutToBeBody() throws Exception {
        Recorder r = new Recorder();
        MultipartParser p = parser(r);
        feed(p, "--" + B + "\r\n\r\nabc\r\n--bound");
        assertThat(r.openPartBody()).isEqualTo(bytes("abc"));
        feed(p, "less");
        assertThat(r.openPartBody()).isEqualTo(bytes("abc\r\n--boundless"));
    }

    @Test
    void holdsBackNoMoreThanTheDelimiterLength() throws Exception {
        Recorder r = new Recorder();
        MultipartParser p = parser(r);
        String body = "0123456789".repeat(20) + "\r\n--" + B.substring(0, B.length() - 1);
        feed(p, "--" + B + "\r\n\r\n" + body);
        int delimiterLength = ("\r\n--" + B).length();
        assertThat(r.openPartBody().length).isGreaterThanOrEqualTo(body.length() - delimiterLength);
    }

    @Test
    void endsAPartAsSoonAsTheDelimiterArrivesWithoutWaitingForTheLineBreakAfterIt() throws Exception {
        Recorder r = new Recorder();
        MultipartParser p = parser(r);
        feed(p, "--" + B + "\r\nContent-Type: application/json\r\n\r\n{}\r\n--" + B);
        assertThat(r.events).containsExactly(
                "begin PartHeaders{Content-Type: application/json}", "data {}", "end");
    }

    @Test
    void ignoresPreambleAndEpilogue() throws Exception {
        Recorder r = parse(B, "This is a preamble.\r\n--" + B + "\r\n\r\nbody\r\n--" + B + "--\r\nThis is an epilogue.\r\n");
        assertThat(r.events).containsExactly("begin PartHeaders{}", "data body", "end", "complete");
    }

    @Test
    void acceptsTheFirstDelimiterAfterALineBreakWithNoPreambleText() throws Exception {
        Recorder r = parse(B, "\r\n--" + B + "\r\n\r\nbody\r\n--" + B + "--");
        assertThat(r.parts).extracting(Part::text).containsExactly("body");
    }

    @Test
    void acceptsLfOnlyLineEndings() throws Exception {
        Recorder r = parse(B, "--" + B + "\nA: 1\nB: 2\n\nfirst\n--" + B + "\n\nsecond\n--" + B + "--\n");
        assertThat(r.events).containsExactly(
                "begin PartHeaders{A: 1, B: 2}", "data first", "end",
                "begin PartHeaders{}", "data second", "end", "complete");
    }

    @Test
    void skipsTransportPaddingAfterADelimiter() throws Exception {
        Recorder r = parse(B, "--" + B + " \t \r\n\r\nbody\r\n--" + B + "\t--");
        assertThat(r.parts).extracting(Part::text).containsExactly("body");
        assertThat(r.completed).isTrue();
    }

    @Test
    void treatsInputEndingRightAfterADelimiterAsComplete() throws Exception {
        Recorder r = new Recorder();
        MultipartParser p = parser(r);
        feed(p, "--" + B + "\r\n\r\nbody\r\n--" + B);
        assertThat(p.isComplete()).isFalse();
        p.finish();
        assertThat(p.isComplete()).isTrue();
        assertThat(r.events).containsExactly("begin PartHeaders{}", "data body", "end", "complete");
    }

    @Test
    void treatsInputEndingRightAfterADelimiterLineAsComplete() throws Exception {
        Recorder r = parse(B, "--" + B + "\r\n\r\nbody\r\n--" + B + "\r\n");
        assertThat(r.events).containsExactly("begin PartHeaders{}", "data body", "end", "complete");
    }

    @Test
    void treatsALoneFirstDelimiterLineAsACompleteBodyWithoutParts() throws Exception {
        Recorder r = parse(B, "--" + B + "\r\n");
        assertThat(r.events).containsExactly("complete");
    }

    @Test
    void rejectsInputThatEndsInsideAPartBodyWithoutEndingThePart() throws Exception {
        Recorder r = new Recorder();
        MultipartParser p = parser(r);
        feed(p, "--" + B + "\r\n\r\nbody cut sh");
        assertThatThrownBy(p::finish)
                .isInstanceOf(MultipartException.class)
                .hasMessage("multipart body ended before the closing delimiter");
        assertThat(r.events).containsExactly("begin PartHeaders{}", "data body cut sh");
    }

    @Test
    void rejectsInputThatEndsInsideAPartialDelimiter() throws Exception {
        Recorder r = new Recorder();
        MultipartParser p = parser(r);
        feed(p, "--" + B + "\r\n\r\nbody\r\n--bound");
        assertThatThrownBy(p::finish).hasMessage("multipart body ended before the closing delimiter");
        assertThat(r.events).doesNotContain("end", "complete");
    }

    @Test
    void rejectsInputThatEndsInsideAHeaderBlock() throws Exception {
        Recorder r = new Recorder();
        MultipartParser p = parser(r);
        feed(p, "--" + B + "\r\nContent-Type: text/pl");
        assertThatThrownBy(p::finish).hasMessage("multipart body ended before the closing delimiter");
        assertThat(r.events).isEmpty();
    }

    @Test
    void rejectsInputWithoutAnyDelimiter() throws Exception {
        MultipartParser p = parser(new Recorder());
        feed(p, "just some text\r\n--other\r\n");
        assertThatThrownBy(p::finish).isInstanceOf(MultipartException.class).hasMessage("no multipart boundary found");
    }

    @Test
    void rejectsEmptyInput() {
        MultipartParser p = parser(new Recorder());
        assertThatThrownBy(p::finish).hasMessage("no multipart boundary found");
    }

    @Test
    void rejectsPartHeadersLongerThanTheLimit() throws Exception {
        String block = "X-Long: " + "a".repeat(100) + "\r\n\r\n";
        Recorder r = new Recorder();
        MultipartParser p = MultipartParser.builder(B, r).maxHeaderBytes(block.length() - 1).build();
        assertThatThrownBy(() -> feed(p, "--" + B + "\r\n" + block))
                .isInstanceOf(MultipartException.class)
                .hasMessage("part headers exceed " + (block.length() - 1) + " bytes");
        assertThat(r.events).isEmpty();
    }

    @Test
    void acceptsPartHeadersExactlyAtTheLimit() throws Exception {
        String block = "X-Long: " + "a".repeat(100) + "\r\n\r\n";
        Recorder r = new Recorder();
        MultipartParser p = MultipartParser.builder(B, r).maxHeaderBytes(block.length()).build();
        feed(p, "--" + B + "\r\n" + block + "body\r\n--" + B + "--");
        p.finish();
        assertThat(r.parts).singleElement().extracting(x -> x.headers().get("x-long")).isEqualTo("a".repeat(100));
    }

    @Test
    void rejectsAnEndlessHeaderLineBeforeItsEndArrives() throws Exception {
        MultipartParser p = new MultipartParser(B, new Recorder());
        feed(p, "--" + B + "\r\nX: ");
        String chunk = "a".repeat(1024);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 17; i++) {
                feed(p, chunk);
            }
        }).hasMessage("part headers exceed " + MultipartParser.DEFAULT_MAX_HEADER_BYTES + " bytes");
    }

    @Test
    void acceptsAPartWithAnEmptyBody() throws Exception {
        Recorder r = parse(B, "--" + B + "\r\nContent-ID: <e>\r\n\r\n\r\n--" + B + "--");
        assertThat(r.events).containsExactly("begin PartHeaders{Content-ID: <e>}", "end", "complete");
    }

    @Test
    void acceptsADelimiterRightAfterTheBlankLineAsAnEmptyBody() throws Exception {
        Recorder r = parse(B, "--" + B + "\r\nContent-ID: <e>\r\n\r\n--" + B + "--");
        assertThat(r.events).containsExactly("begin PartHeaders{Content-ID: <e>}", "end", "complete");
    }

    @Test
    void acceptsAPartWithoutHeaders() throws Exception {
        Recorder r = parse(B, "--" + B + "\r\n\r\nbare\r\n--" + B + "--");
        assertThat(r.parts).singleElement().satisfies(part -> {
            assertThat(part.headers().isEmpty()).isTrue();
            assertThat(part.text()).isEqualTo("bare");
        });
    }

    @Test
    void acceptsABodyWithZeroParts() throws Exception {
        Recorder r = new Recorder();
        MultipartParser p = parser(r);
        feed(p, "--" + B + "--");
        assertThat(p.isComplete()).isTrue();
        p.finish();
        assertThat(r.events).containsExactly("complete");
    }

    @Test
    void joinsFoldedHeaderLines() throws Exception {
        Recorder r = parse(B, "--" + B + "\r\nContent-Disposition: form-data;\r\n\tname=\"metadata\"\r\nX: a\r\n  b\r\n\r\n\r\n--" + B + "--");
        PartHeaders h = r.parts.get(0).headers();
        assertThat(h.get("Content-Disposition")).isEqualTo("form-data; name=\"metadata\"");
        assertThat(h.dispositionName()).isEqualTo("metadata");
        assertThat(h.get("X")).isEqualTo("a b");
    }

    @Test
    void rejectsAHeaderLineWithoutAColon() {
        assertThatThrownBy(() -> parse(B, "--" + B + "\r\nContent-Type text/plain\r\n\r\nx\r\n--" + B + "--"))
                .isInstanceOf(MultipartException.class)
                .hasMessage("malformed part header: \"Content-Type text/plain\"");
    }

    @Test
    void rejectsAFoldedLineWithNoHeaderBeforeIt() {
        assertThatThrownBy(() -> parse(B, "--" + B + "\r\n continued\r\n\r\nx\r\n--" + B + "--"))
                .hasMessage("malformed part header: \" continued\"");
    }

    @Test
    void rejectsAHeaderWithAnEmptyName() {
        assertThatThrownBy(() -> parse(B, "--" + B + "\r\n: v\r\n\r\nx\r\n--" + B + "--"))
                .hasMessageStartingWith("malformed part header:");
    }

    @Test
    void rejectsGarbageAfterADelimiter() {
        assertThatThrownBy(() -> parse(B, "--" + B + "\r\n\r\nx\r\n--" + B + "x\r\n\r\n"))
                .isInstanceOf(MultipartException.class)
                .hasMessage("unexpected byte 0x78 after multipart delimiter");
    }

    @Test
    void rejectsACrNotFollowedByLfAfterADelimiter() {
        assertThatThrownBy(() -> parse(B, "--" + B + "\rX"))
                .hasMessage("expected LF after CR of multipart delimiter, got 0x58");
    }

    @Test
    void rejectsAHalfClosingDelimiterFollowedByOtherBytes() {
        assertThatThrownBy(() -> parse(B, "--" + B + "-x"))
                .hasMessage("malformed closing delimiter: expected '-', got 0x78");
    }

    @Test
    void propagatesAListenerExceptionAndStaysFailed() throws Exception {
        MultipartException refused = new MultipartException("audio part refused");
        Recorder r = new Recorder();
        PartListener throwing = new PartListener() {
            @Override
            public void onPartBegin(PartHeaders h) throws MultipartException {
                r.onPartBegin(h);
                if ("audio".equals(h.dispositionName())) {
                    throw refused;
                }
            }

            @Override
            public void onPartData(ByteBuffer data) {
                r.onPartData(data);
            }

            @Override
            public void onPartEnd() {
                r.onPartEnd();
            }
        };
        MultipartParser p = new MultipartParser(B, throwing);
        String first = "--" + B + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n{}\r\n--" + B;
        String second = "\r\nContent-Disposition: form-data; name=\"audio\"\r\n\r\nPCM";
        assertThatThrownBy(() -> feed(p, first + second)).isSameAs(refused);
        assertThat(r.events).doesNotContain("data PCM");
        assertThatThrownBy(() -> feed(p, "more\r\n--" + B + "--"))
                .isInstanceOf(IllegalStateException.class)
                .hasCause(refused);
        assertThatThrownBy(p::finish).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void propagatesAnUncheckedListenerException() throws Exception {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        MultipartParser p = new MultipartParser(B, new Recorder() {
            @Override
            public void onPartData(ByteBuffer data) {
                throw boom;
            }
        });
        assertThatThrownBy(() -> feed(p, "--" + B + "\r\n\r\nxyz")).isSameAs(boom);
        assertThatThrownBy(() -> feed(p, "\r\n--" + B + "--")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ignoresDataAfterTheClosingDelimiter() throws Exception {
        Recorder r = new Recorder();
        MultipartParser p = parser(r);
        feed(p, "--" + B + "\r\n\r\nbody\r\n--" + B + "--\r\n--" + B + "\r\n\r\nsneaky\r\n--" + B);
        feed(p, "\r\nnot: parsed\r\n\r\nmore");
        p.finish();
        assertThat(r.events).containsExactly("begin PartHeaders{}", "data body", "end", "complete");
    }

    @Test
    void rejectsMorePartsThanTheLimit() throws Exception {
        Recorder r = new Recorder();
        MultipartParser p = MultipartParser.builder(B, r).maxParts(2).build();
        String part = "\r\n\r\nx\r\n--" + B;
        feed(p, "--" + B + part + part);
        assertThatThrownBy(() -> feed(p, part)).isInstanceOf(MultipartException.class).hasMessage("more than 2 parts");
        assertThat(r.parts).hasSize(2);
    }

    @Test
    void acceptsExactlyTheDefaultNumberOfParts() throws Exception {
        String part = "\r\n\r\nx\r\n--" + B;
        Recorder r = parse(B, "--" + B + part.repeat(MultipartParser.DEFAULT_MAX_PARTS) + "--");
        assertThat(r.parts).hasSize(MultipartParser.DEFAULT_MAX_PARTS);
        assertThatThrownBy(() -> parse(B, "--" + B + part.repeat(MultipartParser.DEFAULT_MAX_PARTS + 1) + "--"))
                .hasMessage("more than " + MultipartParser.DEFAULT_MAX_PARTS + " parts");
    }

    @Test
    void streamsALargeBodyInsteadOfBufferingIt() throws Exception {
        byte[] audio = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(audio);
        String boundary = MultipartWriter.newBoundary();
        MultipartWriter w = new MultipartWriter(boundary);
        byte[] begin = w.begin();
        byte[] header = w.partHeader(PartHeaders.of("Content-Disposition", "form-data; name=\"audio\"",
                "Content-Type", "application/octet-stream"));
        byte[] input = concat(begin, header, audio, w.partEnd(), w.end());
        int bodyStart = begin.length + header.length;

        Recorder r = new Recorder();
        MultipartParser p = new MultipartParser(boundary, r);
        int chunk = 4096;
        int maxBufferedAfterAChunk = 0;
        for (int from = 0; from < input.length; from += chunk) {
            int n = Math.min(chunk, input.length - from);
            p.feed(ByteBuffer.wrap(input, from, n));
            byte[] open = r.openPartBody();
            if (open != null) {
                int fedBody = Math.min(from + n - bodyStart, audio.length);
                maxBufferedAfterAChunk = Math.max(maxBufferedAfterAChunk, fedBody - open.length);
            }
        }
        p.finish();

        assertThat(r.dataCalls).isGreaterThan(audio.length / chunk);
        assertThat(maxBufferedAfterAChunk).isLessThanOrEqualTo(("\r\n--" + boundary).length());
        assertThat(r.parts).singleElement().satisfies(part -> {
            assertThat(part.headers().dispositionName()).isEqualTo("audio");
            assertThat(part.body()).isEqualTo(audio);
        });
        assertThat(r.completed).isTrue();
    }

    @Test
    void readsDirectBuffers() throws Exception {
        byte[] input = bytes(TRICKY);
        Recorder r = new Recorder();
        MultipartParser p = parser(r);
        for (int from = 0; from < input.length; from += 7) {
            int n = Math.min(7, input.length - from);
            ByteBuffer direct = ByteBuffer.allocateDirect(n);
            direct.put(input, from, n).flip();
            p.feed(direct);
        }
        p.finish();
        assertThat(r.events).isEqualTo(TRICKY_EVENTS);
    }

    @Test
    void consumesTheWholeFedBuffer() throws Exception {
        ByteBuffer buf = ByteBuffer.wrap(bytes("--" + B + "\r\n\r\nbody\r\n--bo"));
        parser(new Recorder()).feed(buf);
        assertThat(buf.hasRemaining()).isFalse();
    }

    @Test
    void refusesToBeFedFromItsOwnListener() throws Exception {
        MultipartParser[] self = new MultipartParser[1];
        self[0] = new MultipartParser(B, new Recorder() {
            @Override
            public void onPartBegin(PartHeaders h) {
                try {
                    self[0].feed(ByteBuffer.allocate(0));
                } catch (MultipartException e) {
                    throw new AssertionError(e);
                }
            }
        });
        assertThatThrownBy(() -> feed(self[0], "--" + B + "\r\n\r\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("multipart parser called from its own listener");
    }

    @Test
    void rejectsInvalidConstructorArguments() {
        Recorder r = new Recorder();
        assertThatThrownBy(() -> new MultipartParser(null, r)).isInstanceOf(NullPointerException.class).hasMessage("boundary");
        assertThatThrownBy(() -> new MultipartParser(B, null)).isInstanceOf(NullPointerException.class).hasMessage("listener");
        assertThatThrownBy(() -> new MultipartParser("", r))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 70 characters, got 0");
        String tooLong = "b".repeat(71);
        assertThatThrownBy(() -> new MultipartParser(tooLong, r))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(tooLong);
        assertThatThrownBy(() -> new MultipartParser("a\r\nb", r)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MultipartParser("trailing ", r)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultipartParser.builder(B, r).maxParts(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxParts");
        assertThatThrownBy(() -> MultipartParser.builder(B, r).maxHeaderBytes(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxHeaderBytes");
    }

    @Test
    void acceptsASeventyCharacterBoundaryWithRfcPunctuation() throws Exception {
        String boundary = "'()+_,-./:=? " + "x".repeat(57);
        assertThat(boundary).hasSize(70);
        Recorder r = parse(boundary, "--" + boundary + "\r\n\r\nok\r\n--" + boundary + "--");
        assertThat(r.parts).extracting(Part::text).containsExactly("ok");
    }

    static byte[] concat(byte[]... arrays) {
        int n = 0;
        for (byte[] a : arrays) {
            n += a.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] a : arrays) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }
}
