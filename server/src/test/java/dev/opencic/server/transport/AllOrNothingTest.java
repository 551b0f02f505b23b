package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.multipart.MultipartWriter;
import dev.opencic.protocol.multipart.PartHeaders;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.SpokenRequests;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * All or nothing per event (issue 17): a memo request whose body turns bad after its metadata
 * part (an oversized part header, a body over the limit, too many parts) is refused with the right
 * status and a System.Exception, and no memo is saved -- for a typed request and for a spoken one
 * whose bad part comes after the audio, recognised while it uploaded.
 */
class AllOrNothingTest {

    static final int LIMIT = 1024 * 1024;

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.maxEventBytes(LIMIT).asrPoolSize(1));

    static TestDevice device;

    @BeforeAll
    static void connect() throws Exception {
        device = cic.newDevice();
        device.connect();
    }

    @AfterAll
    static void close() {
        device.close();
    }

    static final String FORM = "multipart/form-data; boundary=" + TestDevice.BOUNDARY;

    /** A part header longer than the parser accepts (16 KiB). */
    static void oversizedPartHeader(MultipartWriter w, ByteArrayOutputStream out) {
        out.writeBytes(w.part(PartHeaders.of("Content-Disposition", "form-data; name=\"extra\"",
                "X-Padding", "a".repeat(20 * 1024)), new byte[1]));
    }

    /** A trailing part that takes the body over the event size limit. */
    static void overTheLimit(MultipartWriter w, ByteArrayOutputStream out) {
        out.writeBytes(w.part(PartHeaders.of("Content-Disposition", "form-data; name=\"extra\""),
                new byte[LIMIT + 1024]));
    }

    /** More parts than the parser accepts (64). */
    static void tooManyParts(MultipartWriter w, ByteArrayOutputStream out) {
        for (int i = 0; i < 80; i++) {
            out.writeBytes(w.part(PartHeaders.of("Content-Disposition", "form-data; name=\"extra-" + i + "\""),
                    new byte[] {1}));
        }
    }

    static byte[] body(byte[] metadata, BiConsumer<MultipartWriter, ByteArrayOutputStream> trailing) {
        MultipartWriter w = new MultipartWriter(TestDevice.BOUNDARY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(w.begin());
        out.writeBytes(w.part(PartHeaders.of("Content-Disposition", "form-data; name=\"metadata\"",
                "Content-Type", "application/json; charset=UTF-8"), metadata));
        trailing.accept(w, out);
        out.writeBytes(w.end());
        return out.toByteArray();
    }

    /**
     * Sends the body in chunks without a content-length, as a device streaming its upload does, so the
     * limit is found while reading (a declared length over the limit is refused before any reading).
     */
    static StreamedParts sendChunked(byte[] body) throws Exception {
        com.linecorp.armeria.common.HttpRequestWriter req = com.linecorp.armeria.common.HttpRequest.streaming(
                com.linecorp.armeria.common.RequestHeaders.builder(com.linecorp.armeria.common.HttpMethod.POST,
                                "/v1/events")
                        .add("authorization", "Bearer " + device.accessToken())
                        .add("content-type", FORM).build());
        com.linecorp.armeria.common.HttpResponse res = device.client().execute(req);
        for (int off = 0; off < body.length; off += 16 * 1024) {
            if (!req.tryWrite(com.linecorp.armeria.common.HttpData.wrap(
                    java.util.Arrays.copyOfRange(body, off, Math.min(body.length, off + 16 * 1024))))) {
                break; // the server has answered already
            }
        }
        req.close();
        return StreamedParts.read(res);
    }

    static byte[] noteEvent(String marker) {
        return TestDevice.metadata("TextRecognizer", "Recognize", MessageIds.newId(),
                TestDevice.payload().put("text", "take a note that the parcel is " + marker));
    }

    static List<String> memoContents() throws Exception {
        StreamedParts res = device.send("Memo", "Get", MessageIds.newId(), TestDevice.payload());
        assertThat(res.status()).isEqualTo(200);
        Directive list = res.next().directive();
        List<String> out = new ArrayList<>();
        list.payload().path("memo").forEach((JsonNode m) -> out.add(m.path("content").asText()));
        return out;
    }

    @Test
    void aTypedMemoWithAnOversizedPartHeaderAfterItIs400AndSavesNothing() throws Exception {
        StreamedParts res = device.sendRaw(body(noteEvent("alpha"), AllOrNothingTest::oversizedPartHeader), FORM);
        EventErrorsTest.assertRejected(res, 400, "could not decode multipart");
        assertThat(memoContents()).noneMatch(c -> c.contains("alpha"));
    }

    @Test
    void aTypedMemoWithABodyOverTheLimitAfterItIs413AndSavesNothing() throws Exception {
        StreamedParts res = sendChunked(body(noteEvent("bravo"), AllOrNothingTest::overTheLimit));
        EventErrorsTest.assertRejected(res, 413, "exceeds");
        assertThat(memoContents()).noneMatch(c -> c.contains("bravo"));
    }

    @Test
    void aTypedMemoWithTooManyPartsAfterItIs400AndSavesNothing() throws Exception {
        StreamedParts res = device.sendRaw(body(noteEvent("charlie"), AllOrNothingTest::tooManyParts), FORM);
        EventErrorsTest.assertRejected(res, 400, "could not decode multipart");
        assertThat(memoContents()).noneMatch(c -> c.contains("charlie"));
    }

    @Test
    void theSameMemoWithAValidBodyIsSaved() throws Exception {
        StreamedParts res = device.sendRaw(body(noteEvent("delta"), (w, out) -> { }), FORM);
        assertThat(res.status()).isEqualTo(200);
        assertThat(memoContents()).anyMatch(c -> c.contains("delta"));
    }

    // ---- spoken: recognised while uploading, the bad part after the audio ----

    static StreamedParts spokenNote(String words, byte[] afterAudio) throws Exception {
        byte[] pcm = SpokenRequests.speak(words);
        TestDevice.StreamingEvent event = device.startEvent(TestDevice.metadata("SpeechRecognizer", "Recognize",
                MessageIds.newId(), TestDevice.payload().put("lang", "en")
                        .put("format", "AUDIO_L16_RATE_16000_CHANNELS_1")));
        for (int off = 0; off < pcm.length; off += 6400) {
            event.writeAudio(java.util.Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + 6400)));
        }
        if (afterAudio != null) {
            event.writeAudio(afterAudio); // ends the audio part and goes on with the bad part
        }
        event.finish();
        return event.response();
    }

    /** The end of the audio part, then an oversized part header. */
    static byte[] audioEndThenOversizedHeader() {
        MultipartWriter w = new MultipartWriter(TestDevice.BOUNDARY);
        w.begin();
        w.partHeader(PartHeaders.of("Content-Disposition", "form-data; name=\"audio\""));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(w.partEnd()); // what the device's writer would send after the audio
        oversizedPartHeader(w, out);
        return out.toByteArray();
    }

    @Test
    void aSpokenMemoWithABadPartAfterTheAudioIs400AndSavesNothing() throws Exception {
        StreamedParts bad = spokenNote("take a note that the cat is hungry", audioEndThenOversizedHeader());
        EventErrorsTest.assertRejected(bad, 400, "could not decode multipart");
        assertThat(memoContents()).noneMatch(c -> c.contains("cat"));

        // The same words with a valid body: recognised and saved, so the refusal above was the bad part's.
        StreamedParts good = spokenNote("take a note that the cat is hungry", null);
        assertThat(good.status()).isEqualTo(200);
        assertThat(memoContents()).anyMatch(c -> c.contains("cat"));
    }
}
