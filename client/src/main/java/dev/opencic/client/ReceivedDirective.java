package dev.opencic.client;

import dev.opencic.protocol.Header;
import dev.opencic.protocol.payload.Payload;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A directive as the client received it, with the attachments its payload references ({@code
 * cid:...}). By the time an agent or {@link DirectiveListener#onDirective} sees it, every referenced
 * attachment has arrived (the sequencer waits for them, whichever came first on the wire).
 */
public interface ReceivedDirective {

    /** Where a directive came from. */
    enum Source {
        /** The multipart response to an event this client sent. */
        RESPONSE,
        /** The downchannel: cloud-initiated (or, on a real CIC, a late part of a dialog). */
        DOWNCHANNEL
    }

    /** The directive's header as received. */
    Header header();

    /** {@code header().namespace()}. */
    default String namespace() {
        return header().namespace();
    }

    /** {@code header().name()}. */
    default String name() {
        return header().name();
    }

    /** The dialog this directive answers, or null for a cloud-initiated one. */
    default String dialogRequestId() {
        return header().dialogRequestId();
    }

    /**
     * The payload as its record from {@link dev.opencic.protocol.payload.Payloads} (for example a
     * {@link dev.opencic.protocol.payload.SpeechSynthesizer.Speak}), or a {@link
     * dev.opencic.protocol.payload.RawPayload} with the JSON for a directive it does not know.
     *
     * @throws IllegalArgumentException if a known directive's payload has a field of the wrong type
     */
    Payload payload();

    /**
     * The payload read as {@code type}: one of the protocol's records, or an app's own record for
     * a custom directive. Fields the type does not name are ignored; missing ones are null.
     *
     * @throws IllegalArgumentException if the payload does not fit {@code type}
     */
    <T> T payload(Class<T> type);

    /** The payload object as JSON text, as received. */
    String payloadJson();

    /** Whether it came in an event's response or on the downchannel. */
    Source source();

    /** The attachments referenced by the payload, by Content-ID, in reference order. */
    Map<String, Attachment> attachments();

    /**
     * The attachment for a payload reference: either the bare Content-ID or the {@code cid:} URL
     * exactly as the payload holds it.
     */
    default Optional<Attachment> attachment(String contentIdOrCidUrl) {
        String id = contentIdOrCidUrl.startsWith("cid:") ? contentIdOrCidUrl.substring(4) : contentIdOrCidUrl;
        return Optional.ofNullable(attachments().get(id));
    }

    /**
     * Whether the directive's dialog was superseded (a newer dialog started) or failed. A
     * long-running agent should check this and stop early; it is also told via {@link
     * CapabilityAgent#onCancel}.
     */
    boolean isCancelled();

    /**
     * Completes when the directive is finished with: handled by its agent, reported unhandled,
     * dropped, or failed. Never completes exceptionally.
     */
    CompletableFuture<Void> done();
}
