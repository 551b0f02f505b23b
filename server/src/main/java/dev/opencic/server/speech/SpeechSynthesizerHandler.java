package dev.opencic.server.speech;

import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.SpeechSynthesizer;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.EventPayloads;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code SpeechSynthesizer} namespace: {@code Request} (text in, Speak with MP3 out) and the
 * device's playback reports, which are recorded against the dialogue that produced the Speak.
 */
public final class SpeechSynthesizerHandler implements NamespaceHandler {

    private static final Logger log = LoggerFactory.getLogger(SpeechSynthesizerHandler.class);
    static final int MAX_TEXT_CHARS = 2000;

    private final SpeechOutput speech;
    private final SpeechTokens tokens;

    public SpeechSynthesizerHandler(SpeechOutput speech, SpeechTokens tokens) {
        this.speech = speech;
        this.tokens = tokens;
    }

    @Override
    public String namespace() {
        return Namespaces.SPEECH_SYNTHESIZER;
    }

    @Override
    public Set<String> eventNames() {
        return Set.of("Request", "SpeechStarted", "SpeechFinished", "SpeechStopped");
    }

    @Override
    public CompletableFuture<Reply> handle(EventRequest request) {
        return switch (request.event().name()) {
            case "Request" -> CompletableFuture.completedFuture(synthesize(request));
            default -> CompletableFuture.completedFuture(report(request));
        };
    }

    private Reply synthesize(EventRequest request) {
        var asked = EventPayloads.read(request.event(), SpeechSynthesizer.Request.class);
        String text = requiredText(asked.text(), "text");
        String lang = requiredText(asked.lang(), "lang");
        if (text.length() > MAX_TEXT_CHARS) {
            throw CicException.badRequest("payload.text is longer than " + MAX_TEXT_CHARS + " characters");
        }
        Reply.Builder reply = Reply.builder();
        speech.speak(reply, text, lang, request.dialogRequestId(), request.device());
        return reply.build();
    }

    private Reply report(EventRequest request) {
        // SpeechStarted, SpeechFinished and SpeechStopped carry the same one field.
        String token = requiredText(EventPayloads.read(request.event(), SpeechSynthesizer.SpeechStarted.class).token(),
                "token");
        String state = request.event().name();
        var speech = tokens.report(token, request.device(), state);
        if (speech.isPresent()) {
            log.debug("event={} device={} dialogRequestId={} token={}", state, request.device().deviceId(),
                    speech.get().dialogRequestId(), token);
        } else {
            // A token from before a restart, or one this server never issued: nothing to update.
            log.debug("event={} device={} token={} known=false", state, request.device().deviceId(), token);
        }
        return Reply.empty();
    }

    static String requiredText(String value, String field) {
        if (value == null) {
            throw CicException.badRequest("missing field: payload." + field);
        }
        if (value.isBlank()) {
            throw CicException.badRequest("payload." + field + " must be a non-empty string");
        }
        return value;
    }
}
