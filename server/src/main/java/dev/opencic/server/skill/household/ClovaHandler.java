package dev.opencic.server.skill.household;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.payload.Clova;
import dev.opencic.server.api.AudioInput;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.EventPayloads;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.EventRouter;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code Clova} events the server acts on: {@code ProcessDelegatedEvent}, a device asking for
 * the result of a request delegated to it ({@link Delegations}). The request's words are answered as
 * a {@code TextRecognizer.Recognize} of that device, with the context the device sent, through the
 * server's own router, so every skill acts on this device as if it had been asked here. The answer
 * carries the event's dialogRequestId; without one, its directives carry none (as pushed ones).
 * Other {@code Clova} events the reference defines stay acknowledged by the router.
 */
final class ClovaHandler implements NamespaceHandler {

    private final Delegations delegations;
    private final CompletionStage<EventRouter> router;

    ClovaHandler(Delegations delegations, CompletionStage<EventRouter> router) {
        this.delegations = delegations;
        this.router = router;
    }

    @Override
    public String namespace() {
        return "Clova";
    }

    @Override
    public Set<String> eventNames() {
        return Set.of("ProcessDelegatedEvent");
    }

    @Override
    public CompletableFuture<Reply> handle(EventRequest request) {
        Clova.ProcessDelegatedEvent payload = EventPayloads.read(request.event(), Clova.ProcessDelegatedEvent.class);
        if (payload.delegationId() == null || payload.delegationId().isBlank()) {
            throw CicException.badRequest("ProcessDelegatedEvent needs payload.delegationId");
        }
        EventRouter events = router.toCompletableFuture().getNow(null);
        if (events == null) {
            throw CicException.unavailable("the server is still starting");
        }
        Delegations.Delegation d = delegations.take(request.device(), payload.delegationId());
        String dialogRequestId = request.dialogRequestId() != null ? request.dialogRequestId() : MessageIds.newId();
        ObjectNode text = MessageCodec.mapper().createObjectNode().put("text", d.utterance());
        Event asked = new Event(Header.of("TextRecognizer", "Recognize", dialogRequestId), text, request.event().context());
        CompletableFuture<Reply> answer = events.route(asked).dispatch(new EventRequest(request.device(), asked,
                new AudioInput(), request.blockingExecutor(), request.deadlineNanos(), request.accepted()));
        return answer.whenComplete((reply, e) -> d.answered().complete(e == null ? HouseholdSkill.wordsOf(reply) : null))
                .thenApply(reply -> request.dialogRequestId() != null ? reply : withoutDialog(reply));
    }

    private static Reply withoutDialog(Reply reply) {
        Reply.Builder b = Reply.builder();
        for (Reply.Part p : reply.parts()) {
            if (p instanceof Reply.DirectivePart dp) {
                b.directive(dp.directive().reissued(null));
            } else if (p instanceof Reply.AttachmentPart ap) {
                b.attachment(ap.contentId(), ap.source());
            }
        }
        return b.build();
    }
}
