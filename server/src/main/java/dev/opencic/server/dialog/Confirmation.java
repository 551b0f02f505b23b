package dev.opencic.server.dialog;

import dev.opencic.server.nlu.IntentMatch;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A state change the pipeline was not sure of, waiting for yes or no: data (the match and the words
 * as first understood), so that the answer may arrive on another cluster node. "Yes" lets the skill
 * act on the request as first understood; "no" drops it; anything else is a new request (the user
 * restating it: "no, a timer for two minutes"), judged like any other. {@link IntentPipeline} answers it.
 */
public record Confirmation(IntentMatch match, String utterance) implements SkillAnswer.FollowUp {
    public Confirmation {
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(utterance, "utterance");
    }

    /** Answered by the dialogue pipeline, never called directly. */
    @Override
    public CompletableFuture<SkillAnswer> onReply(String reply, SkillRequest request) {
        throw new IllegalStateException("a Confirmation is answered by the dialogue pipeline");
    }
}
