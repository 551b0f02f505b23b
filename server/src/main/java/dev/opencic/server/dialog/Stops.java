package dev.opencic.server.dialog;

import dev.opencic.server.skill.Interruptible;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * "Stop", "cancel", "be quiet", "enough", "turn it off" without an object: stops what the device is
 * doing, most urgent first: a ringing alert, then the device's own speech (its
 * {@code SpeechSynthesizer.SpeechState} says PLAYING), then music. Each skill that can have
 * something going on ({@link Interruptible}) says whether it has; the first that has answers.
 */
final class Stops {

    /** The intent of a bare "stop". */
    static final String INTENT = "stop.current";

    static final SkillAnswer NOTHING = SkillAnswer.say("There's nothing to stop right now.");

    /**
     * Speech is stopped by the device itself when the user speaks (barge-in); the answer only must
     * not start another: no Speak, the text on the screen.
     */
    static final SkillAnswer SPEECH_STOPPED = SkillAnswer.silently("Okay.");

    private final List<Interruptible> byUrgency;

    Stops(List<Skill> skills) {
        List<Interruptible> list = new ArrayList<>();
        for (Skill s : skills) {
            if (s instanceof Interruptible i) {
                list.add(i);
            }
        }
        list.sort(Comparator.comparingInt(Interruptible::urgency));
        this.byUrgency = List.copyOf(list);
    }

    CompletableFuture<SkillAnswer> stop(SkillRequest request) {
        return next(request, 0, false);
    }

    private CompletableFuture<SkillAnswer> next(SkillRequest request, int index, boolean speechAsked) {
        if (!speechAsked && (index == byUrgency.size() || byUrgency.get(index).urgency() > Interruptible.SPEECH)) {
            if (speech(request, "PLAYING")) {
                return CompletableFuture.completedFuture(SPEECH_STOPPED);
            }
            return next(request, index, true);
        }
        if (index == byUrgency.size()) {
            // Speech the user's own voice just cut off (barge-in): the stop was for it, so say nothing more.
            return CompletableFuture.completedFuture(speech(request, "STOPPED") ? SPEECH_STOPPED : NOTHING);
        }
        return byUrgency.get(index).stop(request).thenCompose((Optional<SkillAnswer> answer) -> answer.isPresent()
                ? CompletableFuture.completedFuture(answer.get())
                : next(request, index + 1, speechAsked));
    }

    /** Whether the device's context says its speech is in that state (PLAYING, STOPPED, FINISHED). */
    static boolean speech(SkillRequest request, String activity) {
        return request.event().event().context("SpeechSynthesizer", "SpeechState")
                .map(c -> activity.equals(c.payload().path("playerActivity").asText()))
                .orElse(false);
    }
}
