package dev.opencic.server.dialog;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.Clova;
import dev.opencic.protocol.payload.TextRecognizer;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.EventPayloads;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** {@code TextRecognizer.Recognize}: the user's typed words go through the intent pipeline. */
public final class TextRecognizerHandler implements NamespaceHandler {

    static final int MAX_TEXT_CHARS = 1000;

    private final IntentPipeline pipeline;

    public TextRecognizerHandler(IntentPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public String namespace() {
        return Namespaces.TEXT_RECOGNIZER;
    }

    @Override
    public Set<String> eventNames() {
        return Set.of("Recognize");
    }

    @Override
    public CompletableFuture<Reply> handle(EventRequest request) {
        if (request.dialogRequestId() == null || request.dialogRequestId().isBlank()) {
            throw CicException.badRequest(request.event().header().qualifiedName() + " needs event.header.dialogRequestId");
        }
        String text = EventPayloads.read(request.event(), TextRecognizer.Recognize.class).text();
        if (text == null) {
            throw CicException.badRequest("missing field: payload.text (a string)");
        }
        if (text.length() > MAX_TEXT_CHARS) {
            throw CicException.badRequest("payload.text is longer than " + MAX_TEXT_CHARS + " characters");
        }
        // Matching scans every template (and near misses every sentence they accept): CPU work that
        // grows with the templates, so it runs off the event loop.
        return CompletableFuture.supplyAsync(() -> pipeline.respond(text, request), request.blockingExecutor())
                .thenCompose(reply -> reply);
    }

    static Directive renderText(String text, String dialogRequestId) {
        return Directive.of(dialogRequestId, new Clova.RenderText(text));
    }
}
