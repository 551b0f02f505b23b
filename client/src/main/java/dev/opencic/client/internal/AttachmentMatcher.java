package dev.opencic.client.internal;

import dev.opencic.client.Attachment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs directives with the attachments their payloads reference by Content-ID, whichever arrives
 * first on one multipart stream. A directive whose attachment is still to come is registered as
 * waiting; an attachment that arrives before its directive is held. Memory is bounded: at most
 * {@code maxHeldBytes} of held attachments (oldest dropped first) and {@code maxWaiting} waiting
 * directives (oldest told their attachment is missing). Time is bounded by the sequencer, which
 * waits only so long for {@link RealReceivedDirective#attachmentsReady()}. Thread-safe.
 */
public final class AttachmentMatcher {

    private final long maxHeldBytes;
    private final int maxWaiting;
    private final LinkedHashMap<String, Attachment> held = new LinkedHashMap<>();
    private long heldBytes;
    private final Map<String, RealReceivedDirective> waiting = new HashMap<>();

    /** A matcher holding at most {@code maxHeldBytes} of early attachments and {@code maxWaiting} waiting references. */
    public AttachmentMatcher(long maxHeldBytes, int maxWaiting) {
        this.maxHeldBytes = maxHeldBytes;
        this.maxWaiting = maxWaiting;
    }

    /** A directive arrived: give it the held attachments it references; wait for the others. */
    public void directive(RealReceivedDirective directive) {
        List<Attachment> ready = new ArrayList<>();
        List<RealReceivedDirective> evicted = new ArrayList<>();
        synchronized (this) {
            for (String id : directive.referencedContentIds()) {
                Attachment a = held.remove(id);
                if (a != null) {
                    heldBytes -= a.bytes().length;
                    ready.add(a);
                } else {
                    waiting.put(id, directive);
                }
            }
            while (waiting.size() > maxWaiting) {
                Iterator<Map.Entry<String, RealReceivedDirective>> it = waiting.entrySet().iterator();
                evicted.add(it.next().getValue());
                it.remove();
            }
        }
        ready.forEach(directive::attach);
        evicted.forEach(d -> d.attachmentsMissing("too many directives waiting for attachments"));
    }

    /** An attachment arrived: hand it to its waiting directive or hold it for one to come. */
    public void attachment(Attachment attachment) {
        RealReceivedDirective owner;
        synchronized (this) {
            owner = waiting.remove(attachment.contentId());
            if (owner == null) {
                Attachment previous = held.put(attachment.contentId(), attachment);
                if (previous != null) {
                    heldBytes -= previous.bytes().length;
                }
                heldBytes += attachment.bytes().length;
                Iterator<Attachment> it = held.values().iterator();
                while (heldBytes > maxHeldBytes && it.hasNext()) {
                    heldBytes -= it.next().bytes().length;
                    it.remove();
                }
            }
        }
        if (owner != null) {
            owner.attach(attachment);
        }
    }

    /** The stream ended: waiting directives will not get their attachments; held ones are dropped. */
    public void end() {
        List<RealReceivedDirective> orphans;
        synchronized (this) {
            orphans = new ArrayList<>(waiting.values());
            waiting.clear();
            held.clear();
            heldBytes = 0;
        }
        orphans.stream().distinct().forEach(d -> d.attachmentsMissing("the stream ended without attachment(s) "
                + d.missing()));
    }

    /** Attachments held for directives that have not arrived yet. */
    public synchronized int heldCount() {
        return held.size();
    }

    /** Content-IDs directives are waiting for. */
    public synchronized int waitingCount() {
        return waiting.size();
    }
}
