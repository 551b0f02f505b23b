package dev.opencic.server.skill;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Answers the intents it owns. Skills are where the assistant's abilities live; the dialogue layer
 * turns their answers into Speak and Render directives.
 */
public interface Skill {

    Set<String> intents();

    CompletableFuture<SkillAnswer> answer(SkillRequest request);

    /**
     * Continues after the user answered a question this skill asked ({@link SkillAnswer#ask(String,
     * SkillAnswer.FollowUp)} with a {@link PendingQuestion}), perhaps on another cluster node. By
     * default the answer fills the asked slot and the completed request is answered.
     */
    default CompletableFuture<SkillAnswer> resume(PendingQuestion question, String answer, SkillRequest reply) {
        return answer(question.completedWith(answer, reply));
    }
}
