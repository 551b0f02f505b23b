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
}
