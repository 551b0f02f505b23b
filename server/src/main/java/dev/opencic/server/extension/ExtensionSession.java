package dev.opencic.server.extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.dialog.FollowUpCodec;
import dev.opencic.server.dialog.UtteranceClaim;
import dev.opencic.server.nlu.TextNormalizer;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One CEK session: an extension talking with one device, from its launch until an answer ends it
 * ({@code shouldEndSession}), the user cancels, or the device stops listening. Immutable: each open
 * turn makes the follow-up for the next one, carrying the session attributes the extension returned,
 * so a session lives exactly as long as the dialogue waiting for the user's reply.
 */
final class ExtensionSession {

    private static final Set<String> YES = Set.of("yes", "yeah", "yep", "sure", "ok", "okay", "yes please");
    private static final Set<String> NO = Set.of("no", "nope", "no thanks", "no thank you");
    private static final Set<String> HELP = Set.of("help", "what can i say", "what can you do");

    private final Extensions extensions;
    private final Extensions.Loaded extension;
    private final String sessionId;
    private final ObjectNode attributes;
    private final String accountId;
    private final String deviceId;

    private ExtensionSession(Extensions extensions, Extensions.Loaded extension, String sessionId,
                             ObjectNode attributes, String accountId, String deviceId) {
        this.extensions = extensions;
        this.extension = extension;
        this.sessionId = sessionId;
        this.attributes = attributes;
        this.accountId = accountId;
        this.deviceId = deviceId;
    }

    static ExtensionSession start(Extensions extensions, Extensions.Loaded extension, SkillRequest request) {
        return new ExtensionSession(extensions, extension, MessageIds.newId(), null,
                request.event().device().accountId(), request.event().device().deviceId());
    }

    Extensions.Loaded extension() {
        return extension;
    }

    CekRequests.Addressee addressee(boolean newSession) {
        return new CekRequests.Addressee(extension.name(), sessionId, newSession, attributes, accountId, deviceId);
    }

    CompletableFuture<SkillAnswer> send(ObjectNode body, SkillRequest request, boolean starting) {
        return extensions.exchange(this, body, request, starting);
    }

    /**
     * The {@code IntentRequest} for the user's words: the extension's intent that matched with its
     * typed slots, else the CEK built-in {@code Clova.YesIntent}, {@code Clova.NoIntent},
     * {@code Clova.GuideIntent}, or {@code Clova.FallbackIntent} for words none of its samples take.
     */
    ObjectNode intentRequest(Optional<ExtensionModel.Match> match, String said, SkillRequest request,
                             boolean newSession) {
        Map<String, ObjectNode> slots = new LinkedHashMap<>();
        String intent;
        if (match.isPresent()) {
            ExtensionModel.Match m = match.get();
            intent = m.intent().name();
            m.slotTexts().forEach((slot, text) -> slots.put(slot, SlotValues.slot(slot,
                    m.intent().slotTypes().get(slot), text, extension.model(), request.now())));
        } else {
            String words = TextNormalizer.normalize(said);
            intent = YES.contains(words) ? "Clova.YesIntent" : NO.contains(words) ? "Clova.NoIntent"
                    : HELP.contains(words) ? "Clova.GuideIntent" : "Clova.FallbackIntent";
        }
        return CekRequests.intent(addressee(newSession), intent, slots);
    }

    /** The follow-up that sends the user's next words to the extension in this session, with these attributes. */
    SkillAnswer.FollowUp next(ObjectNode returnedAttributes) {
        return new Waiting(new ExtensionSession(extensions, extension, sessionId, returnedAttributes,
                accountId, deviceId));
    }

    /** The session waiting for the user's next words. */
    private record Waiting(ExtensionSession session) implements UtteranceClaim.CancellableFollowUp {
        @Override
        public CompletableFuture<SkillAnswer> onReply(String utterance, SkillRequest reply) {
            ObjectNode body = session.intentRequest(session.extension.model().match(utterance), utterance, reply, false);
            return session.send(body, reply, false);
        }

        @Override
        public void cancelled() {
            session.extensions.endSession(session);
        }
    }

    /**
     * A waiting session as data (the extension's name, the session id, its attributes, the account
     * and device), read back on any node into a session with that node's extensions: in cluster
     * mode the user's next words may reach another node, and go to the same extension in the same
     * session.
     */
    static FollowUpCodec codec(Extensions extensions) {
        return new FollowUpCodec() {
            @Override
            public String kind() {
                return "cek-session";
            }

            @Override
            public Optional<JsonNode> write(SkillAnswer.FollowUp followUp) {
                if (!(followUp instanceof Waiting w)) {
                    return Optional.empty();
                }
                ExtensionSession s = w.session();
                ObjectNode data = MessageCodec.mapper().createObjectNode().put("extension", s.extension.name())
                        .put("sessionId", s.sessionId).put("accountId", s.accountId).put("deviceId", s.deviceId);
                if (s.attributes != null) {
                    data.set("attributes", s.attributes);
                }
                return Optional.of(data);
            }

            @Override
            public Optional<SkillAnswer.FollowUp> read(JsonNode data) {
                JsonNode attributes = data.get("attributes");
                return extensions.find(data.path("extension").asText()).map(loaded -> new Waiting(
                        new ExtensionSession(extensions, loaded, data.path("sessionId").asText(),
                                attributes instanceof ObjectNode o ? o : null,
                                data.path("accountId").asText(), data.path("deviceId").asText())));
            }
        };
    }
}
