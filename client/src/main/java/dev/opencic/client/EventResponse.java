package dev.opencic.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The answer to one event: the directives of its {@code multipart/related} response in arrival
 * order (empty for {@code 204}). They are also handed to the agents as they arrive; this object
 * completes when the response has been read to its end.
 *
 * @param httpStatus      200 or 204
 * @param dialogRequestId the event's dialog, or null
 * @param directives      the directives in arrival order, attachments included
 */
public record EventResponse(int httpStatus, String dialogRequestId, List<ReceivedDirective> directives) {

    public EventResponse {
        directives = List.copyOf(directives);
    }

    /**
     * Completes when every directive of this response has been handled, dropped or failed; for a
     * program that exits once the answer was spoken.
     */
    public CompletableFuture<Void> processed() {
        return CompletableFuture.allOf(directives.stream().map(ReceivedDirective::done)
                .toArray(CompletableFuture[]::new));
    }
}
