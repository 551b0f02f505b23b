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

/**
 * Writes a {@link Reply} as multipart parts onto a response stream: directive parts at once,
 * attachments streamed from their source on a blocking thread as the bytes are produced. Each part
 * ends with the next delimiter, so a reader can act on it without waiting for more.
 */
final class ReplyWriter {

    private ReplyWriter() {}

    /** Runs a part's producer (speech synthesis) somewhere it may block, or refuses it. */
    interface AttachmentRunner {
        /**
         * Runs {@code produce} off the event loop; calls {@code refused} instead when the work cannot
         * be done in time (and never both).
         */
        void run(Runnable produce, java.util.function.Consumer<Throwable> refused);
    }

    /**
     * Writes the reply's parts in order. {@code firstBytes} runs once, just before the first bytes
     * an attachment's producer made are written (not for attachments that were {@link
     * dev.opencic.server.api.AttachmentSource#ready() ready}), so the caller can hold the response's
     * headers back until the expensive part has actually started.
     */
    static CompletableFuture<Void> write(Reply reply, MultipartWriter multipart, StreamWriter<HttpObject> out,
                                         AttachmentRunner runner, Runnable firstBytes) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable once = new Runnable() {
            private final java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();

            @Override
            public void run() {
                if (ran.compareAndSet(false, true)) {
                    firstBytes.run();
                }
            }
        };
        writeNext(reply.parts().iterator(), multipart, out, runner, once, done);
        return done;
    }

    /** Writes a pushed reply (downchannel): attachments are produced on {@code blocking}, headers are already out. */
    static CompletableFuture<Void> write(Reply reply, MultipartWriter multipart, StreamWriter<HttpObject> out,
                                         java.util.concurrent.Executor blocking) {
        return write(reply, multipart, out, (produce, refused) -> blocking.execute(produce), () -> { });
    }

    /** Whether writing the reply needs an attachment produced (not only directives and ready parts). */
    static boolean producesAttachments(Reply reply) {
        for (Reply.Part p : reply.parts()) {
            if (p instanceof Reply.AttachmentPart ap && ap.source().ready() == null) {
                return true;
            }
        }
        return false;
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
                                  StreamWriter<HttpObject> out, AttachmentRunner runner, Runnable firstBytes,
                                  CompletableFuture<Void> done) {
        try {
            while (parts.hasNext()) {
                Reply.Part part = parts.next();
                if (part instanceof Reply.DirectivePart dp) {
                    Directive d = dp.directive();
                    emit(out, multipart.part(directiveHeaders(d), MessageCodec.writeDirective(d)));
                } else if (part instanceof Reply.AttachmentPart ap) {
                    byte[] ready = ap.source().ready();
                    if (ready != null) {
                        // Cached: written now, never queued behind work for other requests.
                        emit(out, multipart.part(attachmentHeaders(ap.contentId()), ready));
                        continue;
                    }
                    emit(out, multipart.partHeader(attachmentHeaders(ap.contentId())));
                    runner.run(() -> {
                        try {
                            if (!out.isOpen()) {
                                // The device gave up while this waited its turn: don't synthesise for no one.
                                throw ClosedStreamException.get();
                            }
                            ap.source().writeTo(chunk -> {
                                firstBytes.run();
                                emit(out, chunk);
                            });
                            emit(out, multipart.partEnd());
                        } catch (Throwable t) {
                            done.completeExceptionally(t);
                            return;
                        }
                        writeNext(parts, multipart, out, runner, firstBytes, done);
                    }, done::completeExceptionally);
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
