package dev.opencic.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.client.Attachment;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.payload.Payload;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A received directive plus the bookkeeping the reader and the sequencer need. */
public final class RealReceivedDirective implements ReceivedDirective {

    private final Directive directive;
    private final Source source;
    private final Set<String> referenced;
    private final Map<String, Attachment> attachments = new LinkedHashMap<>();
    private final CompletableFuture<Void> attachmentsReady = new CompletableFuture<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile boolean cancelled;
    /** The agent running this directive right now, for onCancel. */
    private volatile CapabilityAgent runningAgent;

    /** Wraps a parsed directive; its payload's {@code cid:} references are what it waits for. */
    public RealReceivedDirective(Directive directive, Source source) {
        this.directive = directive;
        this.source = source;
        this.referenced = Collections.unmodifiableSet(contentIds(directive.payload()));
        if (referenced.isEmpty()) {
            attachmentsReady.complete(null);
        }
    }

    /** Every {@code cid:} reference found anywhere in the payload. */
    static Set<String> contentIds(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, Set<String> out) {
        if (node.isTextual() && node.asText().startsWith("cid:")) {
            out.add(node.asText().substring(4));
        } else if (node.isContainerNode()) {
            node.forEach(child -> collect(child, out));
        }
    }

    /** The directive as parsed from the wire. */
    public Directive directive() {
        return directive;
    }

    @Override
    public Header header() {
        return directive.header();
    }

    @Override
    public Payload payload() {
        return directive.typedPayload();
    }

    @Override
    public <T> T payload(Class<T> type) {
        return directive.payloadAs(type);
    }

    @Override
    public String payloadJson() {
        return directive.payload().toString();
    }

    @Override
    public Source source() {
        return source;
    }

    /** The Content-IDs the payload references. */
    public Set<String> referencedContentIds() {
        return referenced;
    }

    @Override
    public synchronized Map<String, Attachment> attachments() {
        return Map.copyOf(attachments);
    }

    /** Adds an arrived attachment; completes {@link #attachmentsReady()} when it was the last. */
    public void attach(Attachment attachment) {
        boolean complete;
        synchronized (this) {
            if (!referenced.contains(attachment.contentId())) {
                return;
            }
            attachments.put(attachment.contentId(), attachment);
            complete = attachments.keySet().containsAll(referenced);
        }
        if (complete) {
            attachmentsReady.complete(null);
        }
    }

    /** The Content-IDs still missing. */
    public synchronized Set<String> missing() {
        Set<String> m = new LinkedHashSet<>(referenced);
        m.removeAll(attachments.keySet());
        return m;
    }

    /** Completes when every referenced attachment arrived; fails when one will never arrive. */
    public CompletableFuture<Void> attachmentsReady() {
        return attachmentsReady;
    }

    /** The stream ended (or the wait timed out) without these attachments. */
    public void attachmentsMissing(String reason) {
        attachmentsReady.completeExceptionally(new java.io.IOException(reason));
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    /** Marks the directive cancelled and tells its running agent, if any. */
    void cancel() {
        cancelled = true;
        attachmentsReady.cancel(false);
        CapabilityAgent agent = runningAgent;
        if (agent != null) {
            agent.onCancel(this);
        }
    }

    void running(CapabilityAgent agent) {
        runningAgent = agent;
    }

    @Override
    public CompletableFuture<Void> done() {
        return done;
    }

    void finish() {
        runningAgent = null;
        done.complete(null);
    }

    @Override
    public String toString() {
        return directive.header().qualifiedName() + "[dialogRequestId=" + directive.dialogRequestId()
                + ", messageId=" + directive.header().messageId() + ", source=" + source + "]";
    }
}
