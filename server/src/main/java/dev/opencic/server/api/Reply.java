package dev.opencic.server.api;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the cloud sends back for one event, or pushes on a downchannel: directives in order, with the
 * binary parts their payloads reference as {@code cid:...}. Empty means {@code 204 No Content}.
 */
public final class Reply {

    /** One part of the multipart message. */
    public sealed interface Part permits DirectivePart, AttachmentPart {}

    public record DirectivePart(Directive directive) implements Part {
        public DirectivePart {
            Objects.requireNonNull(directive, "directive");
        }
    }

    public record AttachmentPart(String contentId, AttachmentSource source) implements Part {
        public AttachmentPart {
            Objects.requireNonNull(contentId, "contentId");
            Objects.requireNonNull(source, "source");
        }
    }

    private static final Reply EMPTY = new Reply(List.of());

    private final List<Part> parts;

    private Reply(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    public static Reply empty() {
        return EMPTY;
    }

    public static Reply of(Directive... directives) {
        Builder b = builder();
        for (Directive d : directives) {
            b.directive(d);
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Part> parts() {
        return parts;
    }

    public boolean isEmpty() {
        return parts.isEmpty();
    }

    /** The directives only, in order; handy for logs and tests. */
    public List<Directive> directives() {
        List<Directive> out = new ArrayList<>();
        for (Part p : parts) {
            if (p instanceof DirectivePart d) {
                out.add(d.directive());
            }
        }
        return out;
    }

    public static final class Builder {
        private final List<Part> parts = new ArrayList<>();

        private Builder() {}

        public Builder directive(Directive directive) {
            parts.add(new DirectivePart(directive));
            return this;
        }

        /** Adds an attachment and returns its Content-ID, for a payload's {@code cid:} url. */
        public String attachment(AttachmentSource source) {
            String contentId = MessageIds.newId();
            parts.add(new AttachmentPart(contentId, source));
            return contentId;
        }

        public Builder attachment(String contentId, AttachmentSource source) {
            parts.add(new AttachmentPart(contentId, source));
            return this;
        }

        public Builder append(Reply other) {
            parts.addAll(other.parts);
            return this;
        }

        public Reply build() {
            return parts.isEmpty() ? EMPTY : new Reply(parts);
        }
    }
}
