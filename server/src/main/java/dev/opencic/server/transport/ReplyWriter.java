package dev.opencic.server.transport;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.stream.ClosedStreamException;
import com.linecorp.armeria.common.stream.StreamWriter;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.multipart.MultipartWriter;
import dev.opencic.protocol.multipart.PartHeaders;
import dev.opencic.server.api.Reply;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Writes a {@link Reply} as multipart parts onto a response stream: directive parts at once,
 * attachments streamed from their source on a blocking thread as the bytes are produced. Each part
 * ends with the next delimiter, so a reader can act on it without waiting for more.
 */
final class ReplyWriter {

    private ReplyWriter() {}

    static CompletableFuture<Void> write(Reply reply, MultipartWriter multipart,
                                         StreamWriter<HttpObject> out, Executor blocking) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        writeNext(reply.parts().iterator(), multipart, out, blocking, done);
        return done;
    }

    static PartHeaders directiveHeaders(Directive d) {
        return PartHeaders.of(
                "Content-Disposition", "form-data; name=\"" + lowerFirst(d.name()) + "Directive-"
                        + d.header().messageId() + '"',
                "Content-Type", "application/json; charset=utf-8");
    }

    static PartHeaders attachmentHeaders(String contentId) {
        return PartHeaders.of(
                "Content-Disposition", "form-data; name=\"attachment-" + contentId + '"',
                "Content-ID", '<' + contentId + '>',
                "Content-Type", "application/octet-stream");
    }

    private static void writeNext(Iterator<Reply.Part> parts, MultipartWriter multipart,
                                  StreamWriter<HttpObject> out, Executor blocking,
                                  CompletableFuture<Void> done) {
        try {
            while (parts.hasNext()) {
                Reply.Part part = parts.next();
                if (part instanceof Reply.DirectivePart dp) {
                    Directive d = dp.directive();
                    emit(out, multipart.part(directiveHeaders(d), MessageCodec.writeDirective(d)));
                } else if (part instanceof Reply.AttachmentPart ap) {
                    emit(out, multipart.partHeader(attachmentHeaders(ap.contentId())));
                    blocking.execute(() -> {
                        try {
                            if (!out.isOpen()) {
                                // The device gave up while this waited its turn: don't synthesise for no one.
                                throw ClosedStreamException.get();
                            }
                            ap.source().writeTo(chunk -> emit(out, chunk));
                            emit(out, multipart.partEnd());
                        } catch (Throwable t) {
                            done.completeExceptionally(t);
                            return;
                        }
                        writeNext(parts, multipart, out, blocking, done);
                    });
                    return;
                }
            }
            done.complete(null);
        } catch (Throwable t) {
            done.completeExceptionally(t);
        }
    }

    private static void emit(StreamWriter<HttpObject> out, byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        if (!out.tryWrite(HttpData.wrap(bytes))) {
            throw ClosedStreamException.get();
        }
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
