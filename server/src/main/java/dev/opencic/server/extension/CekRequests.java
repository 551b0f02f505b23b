package dev.opencic.server.extension;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * The JSON bodies of the CEK requests (version 1.0): {@code version}, {@code session} ({@code new},
 * {@code sessionId}, {@code sessionAttributes}, {@code user}), {@code context.System}
 * ({@code application}, {@code device}, {@code user}) and {@code request} by type. Written by hand:
 * the format is a third party's, free-form where extensions put their own attributes.
 */
final class CekRequests {

    static final String VERSION = "1.0";

    /** Who the request is for: the extension, its session, and the user's device. */
    record Addressee(String extension, String sessionId, boolean newSession, ObjectNode attributes,
                     String accountId, String deviceId) {}

    private CekRequests() {}

    static ObjectNode launch(Addressee to) {
        ObjectNode body = envelope(to);
        body.putObject("request").put("type", "LaunchRequest");
        return body;
    }

    /** An intent with its slots, each {@code {"name", "value"[, "valueType"]}} (see {@link SlotValues}). */
    static ObjectNode intent(Addressee to, String intent, Map<String, ObjectNode> slots) {
        ObjectNode body = envelope(to);
        ObjectNode request = body.putObject("request").put("type", "IntentRequest");
        ObjectNode i = request.putObject("intent").put("name", intent);
        ObjectNode s = i.putObject("slots");
        slots.forEach(s::set);
        return body;
    }

    static ObjectNode sessionEnded(Addressee to) {
        ObjectNode body = envelope(to);
        body.putObject("request").put("type", "SessionEndedRequest");
        return body;
    }

    /** {@code EventRequest} {@code ClovaSkill.SkillEnabled} / {@code SkillDisabled}, outside any session. */
    static ObjectNode skillEvent(Addressee to, boolean enabled, Instant now) {
        ObjectNode body = envelope(to);
        ObjectNode request = body.putObject("request").put("type", "EventRequest")
                .put("requestId", MessageIds.newId()).put("timestamp", now.toString());
        request.putObject("event").put("namespace", "ClovaSkill").put("name", enabled ? "SkillEnabled" : "SkillDisabled")
                .putObject("payload");
        return body;
    }

    private static ObjectNode envelope(Addressee to) {
        String userId = userId(to.extension(), to.accountId());
        ObjectNode body = MessageCodec.mapper().createObjectNode().put("version", VERSION);
        ObjectNode session = body.putObject("session").put("new", to.newSession()).put("sessionId", to.sessionId());
        session.set("sessionAttributes", to.attributes() == null
                ? MessageCodec.mapper().createObjectNode() : to.attributes().deepCopy());
        session.putObject("user").put("userId", userId);
        ObjectNode system = body.putObject("context").putObject("System");
        system.putObject("application").put("applicationId", to.extension());
        ObjectNode device = system.putObject("device");
        if (to.deviceId() != null) {
            device.put("deviceId", to.deviceId());
        }
        system.putObject("user").put("userId", userId);
        return body;
    }

    /**
     * The user's id as one extension sees it: stable for that extension, but not the account id and
     * not the same for two extensions, so extensions cannot join what they know about a user.
     */
    static String userId(String extension, String accountId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((extension + '\u0000' + accountId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
