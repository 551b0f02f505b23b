package dev.opencic.server.dialog;

import dev.opencic.protocol.Namespaces;
import dev.opencic.server.transport.CicException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code SpeechRecognizer} until a speech recognition engine is configured: a device that streams
 * speech is told plainly ({@code 503} with a {@code System.Exception}) that recognition is not
 * available and that text requests are, instead of getting an empty answer.
 */
public final class SpeechRecognizerHandler implements NamespaceHandler {

    @Override
    public String namespace() {
        return Namespaces.SPEECH_RECOGNIZER;
    }

    @Override
    public Set<String> eventNames() {
        return Set.of("Recognize", "ExpectSpeechTimedOut");
    }

    @Override
    public CompletableFuture<Reply> handle(EventRequest request) {
        if ("ExpectSpeechTimedOut".equals(request.event().name())) {
            return CompletableFuture.completedFuture(Reply.empty());
        }
        throw CicException.unavailable(
                "speech recognition is not available on this server; send TextRecognizer.Recognize instead");
    }
}
