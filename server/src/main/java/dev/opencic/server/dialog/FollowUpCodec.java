package dev.opencic.server.dialog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.server.skill.SkillAnswer;
import java.util.Optional;

/**
 * Writes a follow-up that holds this node's objects (an extension's CEK session: the extension, the
 * session id and attributes) as data, and reads such data back into a follow-up bound to the
 * reading node's objects. In cluster mode a question whose follow-up a codec writes is kept in
 * Redis like a {@code PendingQuestion}, so the user's answer may reach any node.
 */
public interface FollowUpCodec {

    /** The name stored beside the data: which codec reads it back. */
    String kind();

    /** The follow-up as JSON, or empty when it is not one of this codec's. */
    Optional<JsonNode> write(SkillAnswer.FollowUp followUp);

    /** The follow-up on this node; empty when it can no longer go on (its extension was removed). */
    Optional<SkillAnswer.FollowUp> read(JsonNode data);
}
