package dev.opencic.server.extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.payload.Payloads;
import dev.opencic.server.extension.ExtensionFailure.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * An extension's answer, read from its CEK response: the words to synthesise ({@code PlainText}
 * values, joined), the audio to play ({@code URL} values), the card (a content template, shown with
 * {@code Clova.RenderTemplate}), its directives (only ones the protocol knows: anything else is
 * refused, not passed on to a device that cannot read it), the reprompt's words, whether the session
 * ends, and the session attributes to send back next turn. {@code SpeechSet}: its {@code brief}
 * part for a device with a screen (the card carries the rest), its {@code verbose} part otherwise,
 * each falling back to the other ({@link #hasScreen}).
 */
record CekAnswer(String speech, List<String> audioUrls, ObjectNode card, List<Directive> directives,
                 String reprompt, boolean endSession, ObjectNode sessionAttributes) {

    static CekAnswer read(ObjectNode json, String dialogRequestId) {
        return read(json, dialogRequestId, false);
    }

    /**
     * A device has a screen when its event carries the {@code Device.Display} context object with a
     * {@code size} other than {@code "none"}. Unlike the reference (which assumes a full-HD screen
     * when the object is missing) a device that says nothing is taken for a speaker: most of ours are.
     */
    static boolean hasScreen(dev.opencic.protocol.Event event) {
        return event.context("Device", "Display")
                .map(d -> !d.payload().path("size").asText("none").equals("none")).orElse(false);
    }

    /** @param brief the device has a screen: a {@code SpeechSet}'s brief part is spoken */
    static CekAnswer read(ObjectNode json, String dialogRequestId, boolean brief) {
        JsonNode response = json.path("response");
        if (!response.isObject()) {
            throw invalid("no response object");
        }
        StringBuilder words = new StringBuilder();
        List<String> urls = new ArrayList<>();
        speech(response.path("outputSpeech"), words, urls, brief);
        StringBuilder repromptWords = new StringBuilder();
        speech(response.path("reprompt").path("outputSpeech"), repromptWords, new ArrayList<>(), brief);
        JsonNode card = response.path("card");
        ObjectNode template = card.isObject() && card.path("type").isTextual() ? (ObjectNode) card : null;
        List<Directive> directives = new ArrayList<>();
        JsonNode list = response.path("directives");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            throw invalid("directives is not an array");
        }
        for (JsonNode d : list) {
            String namespace = d.path("header").path("namespace").asText("");
            String name = d.path("header").path("name").asText("");
            if (Payloads.type(Payloads.Kind.DIRECTIVE, namespace, name).isEmpty()) {
                throw new ExtensionFailure(Reason.UNKNOWN_DIRECTIVE, "unknown directive " + namespace + "." + name);
            }
            JsonNode payload = d.path("payload");
            directives.add(new Directive(Header.of(namespace, name, dialogRequestId),
                    payload.isObject() ? (ObjectNode) payload : json.objectNode()));
        }
        JsonNode end = response.path("shouldEndSession");
        if (!end.isMissingNode() && !end.isBoolean()) {
            throw invalid("shouldEndSession is not a boolean");
        }
        JsonNode attributes = json.path("sessionAttributes");
        return new CekAnswer(words.toString().strip(), List.copyOf(urls), template, List.copyOf(directives),
                repromptWords.toString().strip(), end.asBoolean(true),
                attributes.isObject() ? (ObjectNode) attributes.deepCopy() : json.objectNode());
    }

    private static void speech(JsonNode outputSpeech, StringBuilder words, List<String> urls, boolean brief) {
        if (outputSpeech.isMissingNode() || outputSpeech.isNull()) {
            return;
        }
        String type = outputSpeech.path("type").asText("");
        switch (type) {
            case "SimpleSpeech", "SpeechList" -> values(outputSpeech.path("values"), words, urls);
            case "SpeechSet" -> {
                String first = brief ? "brief" : "verbose";
                String second = brief ? "verbose" : "brief";
                JsonNode part = outputSpeech.path(first).isObject() ? outputSpeech.path(first)
                        : outputSpeech.path(second);
                if (part.has("values")) {
                    values(part.path("values"), words, urls);
                } else {
                    values(part, words, urls);
                }
            }
            default -> throw invalid("outputSpeech type '" + type + "'");
        }
    }

    private static void values(JsonNode values, StringBuilder words, List<String> urls) {
        if (values.isArray()) {
            values.forEach(v -> values(v, words, urls));
            return;
        }
        if (!values.isObject()) {
            throw invalid("outputSpeech values");
        }
        String value = values.path("value").asText("");
        switch (values.path("type").asText("")) {
            case "PlainText" -> words.append(words.isEmpty() ? "" : " ").append(value);
            case "URL" -> {
                if (!value.startsWith("https://") && !value.startsWith("http://")) {
                    throw invalid("speech URL is not http(s)");
                }
                urls.add(value);
            }
            default -> throw invalid("speech value type '" + values.path("type").asText() + "'");
        }
    }

    private static ExtensionFailure invalid(String what) {
        return new ExtensionFailure(Reason.INVALID_JSON, "answer does not fit CEK: " + what);
    }
}
