package dev.opencic.server.skill;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A skill whose work can be going on at the device (a ringing alert, music): "stop", "cancel",
 * "enough" or "turn it off" without saying what goes to every such skill, most urgent first, and
 * the first that has something going on stops it. Speech the device is playing is the dialogue
 * layer's own ({@link #SPEECH}).
 */
public interface Interruptible {

    /** Urgency of a ringing alarm or timer: stopped before anything else. */
    int ALERT = 100;
    /** Urgency of the device's own speech (handled by the dialogue layer). */
    int SPEECH = 200;
    /** Urgency of music. */
    int MUSIC = 300;

    /** Lower is more urgent. */
    int urgency();

    /**
     * The answer that stops what this skill has going on at the request's device, or empty when
     * nothing is (then the next skill is asked). Reads the device's context from the request's event.
     */
    CompletableFuture<Optional<SkillAnswer>> stop(SkillRequest request);
}
