package dev.opencic.server.skill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.util.List;

/** Text requests with context objects, and what came back, for skill tests over HTTP/2. */
public final class SkillTestSupport {

    private SkillTestSupport() {}

    /** Sends {@code TextRecognizer.Recognize} with the context objects; expects 200 and returns the directives. */
    public static List<Directive> say(TestDevice device, String text, ContextObject... context) throws Exception {
        return sayIn(device, MessageIds.newId(), text, context);
    }

    /** As {@link #say}, under a given dialogRequestId (to answer a question). */
    public static List<Directive> sayIn(TestDevice device, String dialogRequestId, String text, ContextObject... context)
            throws Exception {
        ObjectNode payload = TestDevice.payload().put("text", text);
        Event e = new Event(Header.of("TextRecognizer", "Recognize", dialogRequestId), payload, List.of(context));
        StreamedParts reply = device.send(MessageCodec.writeEvent(e));
        assertThat(reply.status()).as("status for '%s'", text).isEqualTo(200);
        return reply.directives();
    }

    public static ContextObject context(String namespace, String name, ObjectNode payload) {
        return new ContextObject(new Header(namespace, name, null, null), payload);
    }

    /** The words of the answer: the Speak's text, else the RenderText's. */
    public static String words(List<Directive> directives) {
        return directives.stream()
                .filter(d -> d.header().qualifiedName().equals("SpeechSynthesizer.Speak"))
                .map(d -> d.payload().path("ttsText").asText())
                .findFirst()
                .orElseGet(() -> directives.stream()
                        .filter(d -> d.header().qualifiedName().equals("Clova.RenderText"))
                        .map(d -> d.payload().path("text").asText())
                        .findFirst().orElse(""));
    }

    public static List<String> names(List<Directive> directives) {
        return directives.stream().map(d -> d.header().qualifiedName()).toList();
    }
}
