package dev.opencic.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.client.CicException;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.multipart.MultipartWriter;
import dev.opencic.protocol.multipart.PartHeaders;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming reader and Content-ID matching, on hand-built multipart bytes. */
class DirectiveStreamReaderTest {

    static final String BOUNDARY = "b0undary";
    static final byte[] MP3 = "pretend this is mp3".getBytes(StandardCharsets.US_ASCII);

    final List<RealReceivedDirective> directives = new ArrayList<>();
    final List<CicException> exceptions = new ArrayList<>();
    final MultipartWriter writer = new MultipartWriter(BOUNDARY);

    DirectiveStreamReader reader() throws Exception {
        return new DirectiveStreamReader("multipart/related; boundary=" + BOUNDARY, ReceivedDirective.Source.RESPONSE,
                DirectiveStreamReader.sink(directives::add, exceptions::add), 1 << 20);
    }

    static Directive speak(String contentId) {
        return Directive.of("SpeechSynthesizer", "Speak", "dialog-1",
                new dev.opencic.protocol.payload.SpeechSynthesizer.Speak("AUDIO_MPEG", "t", "cid:" + contentId));
    }

    byte[] directivePart(Directive d) {
        return writer.part(PartHeaders.of("Content-Type", "application/json; charset=utf-8"), MessageCodec.writeDirective(d));
    }

    byte[] attachmentPart(String contentId, byte[] bytes) {
        return writer.part(PartHeaders.of("Content-ID", "<" + contentId + ">", "Content-Type", "application/octet-stream"), bytes);
    }

    static void feed(DirectiveStreamReader r, byte[] bytes) throws Exception {
        r.feed(bytes, 0, bytes.length);
    }

    @Test
    void aDirectiveIsHandedOutAsSoonAsItsPartEndsBeforeTheStreamEnds() throws Exception {
        DirectiveStreamReader r = reader();
        feed(r, writer.begin());
        Directive d = Directive.of("Clova", "RenderText", "dialog-1");
        feed(r, directivePart(d));

        assertThat(directives).hasSize(1);
        assertThat(directives.get(0).directive().header()).isEqualTo(d.header());
        assertThat(directives.get(0).attachmentsReady()).isCompleted();
        assertThat(r.isComplete()).isFalse();
    }

    @Test
    void anAttachmentAfterItsDirectiveCompletesTheWaitingDirective() throws Exception {
        DirectiveStreamReader r = reader();
        feed(r, writer.begin());
        feed(r, directivePart(speak("audio-1")));
        RealReceivedDirective speak = directives.get(0);
        assertThat(speak.attachmentsReady()).isNotDone();
        assertThat(r.matcher().waitingCount()).isEqualTo(1);

        feed(r, attachmentPart("audio-1", MP3));

        assertThat(speak.attachmentsReady()).isCompleted();
        assertThat(speak.attachment("cid:audio-1").orElseThrow().bytes()).isEqualTo(MP3);
        assertThat(r.matcher().waitingCount()).isZero();
    }

    @Test
    void anAttachmentBeforeItsDirectiveIsHeldUntilTheDirectiveArrives() throws Exception {
        DirectiveStreamReader r = reader();
        feed(r, writer.begin());
        feed(r, attachmentPart("audio-2", MP3));
        assertThat(directives).isEmpty();
        assertThat(r.matcher().heldCount()).isEqualTo(1);

        feed(r, directivePart(speak("audio-2")));

        assertThat(directives.get(0).attachmentsReady()).isCompleted();
        assertThat(directives.get(0).attachments().get("audio-2").bytes()).isEqualTo(MP3);
        assertThat(r.matcher().heldCount()).isZero();
    }

    @Test
    void aDirectiveWhoseAttachmentNeverComesIsToldWhenTheStreamEnds() throws Exception {
        DirectiveStreamReader r = reader();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(writer.begin());
        all.writeBytes(directivePart(speak("missing")));
        all.writeBytes(writer.end());

        r.readAll(new java.io.ByteArrayInputStream(all.toByteArray()));

        assertThat(r.isComplete()).isTrue();
        assertThat(directives.get(0).attachmentsReady()).isCompletedExceptionally();
        assertThat(directives.get(0).missing()).containsExactly("missing");
    }

    @Test
    void heldAttachmentsAreBoundedByBytesOldestFirst() {
        AttachmentMatcher m = new AttachmentMatcher(10, 4);
        m.attachment(new dev.opencic.client.Attachment("a", null, new byte[6]));
        m.attachment(new dev.opencic.client.Attachment("b", null, new byte[6]));
        assertThat(m.heldCount()).isEqualTo(1);
        RealReceivedDirective d = new RealReceivedDirective(speak("b"), ReceivedDirective.Source.RESPONSE);
        m.directive(d);
        assertThat(d.attachmentsReady()).isCompleted();
    }

    @Test
    void aSystemExceptionPartBecomesACicException() throws Exception {
        DirectiveStreamReader r = reader();
        feed(r, writer.begin());
        feed(r, writer.part(PartHeaders.of("Content-Type", "application/json"),
                MessageCodec.writeSystemException(500, "something broke")));

        assertThat(directives).isEmpty();
        assertThat(exceptions).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(500);
            assertThat(e.description()).isEqualTo("something broke");
        });
    }

    @Test
    void bytesSplitAnywhereGiveTheSameDirectives() throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(writer.begin());
        all.writeBytes(attachmentPart("x", MP3));
        all.writeBytes(directivePart(speak("x")));
        all.writeBytes(directivePart(Directive.of("Clova", "RenderText", "dialog-1")));
        all.writeBytes(writer.end());
        byte[] bytes = all.toByteArray();
        DirectiveStreamReader r = reader();
        for (byte b : bytes) {
            r.feed(new byte[] {b}, 0, 1);
        }
        assertThat(directives).extracting(ReceivedDirective::name).containsExactly("Speak", "RenderText");
        assertThat(directives.get(0).attachmentsReady()).isCompleted();
        assertThat(r.isComplete()).isTrue();
    }
}
