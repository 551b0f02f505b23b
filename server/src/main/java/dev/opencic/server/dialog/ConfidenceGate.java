package dev.opencic.server.dialog;

import dev.opencic.server.nlu.Fillers;
import dev.opencic.server.nlu.IntentMatch;
import dev.opencic.server.nlu.TextNormalizer;
import dev.opencic.server.nlu.YesNo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether an understood request is sure enough to act on (issue 18, "confidence decides"). An
 * answer that changes state (creates or deletes an alarm, timer, reminder, memo or calendar entry)
 * needs both the recogniser's and the intent matcher's confidence at or above thresholds measured
 * on the ASR corpus against a set of utterances that must be rejected (docs/benchmarks-asr.md,
 * "Confidence decides"); below them the pipeline asks ("Did you want an alarm for 8 am?"), and far
 * below them it says it didn't catch that. Read-only answers (the time, the weather, a list) only
 * need the matcher's own floor. A day or time the user said that no slot took ("add dentist on
 * friday at 3 pm" read as an alarm at 3 pm) also makes it ask, whatever the scores.
 */
public final class ConfidenceGate {

    /** What to do with an understood request. */
    public enum Verdict { ACT, ASK, NOT_CAUGHT }

    /** Intents whose answer creates or deletes something. */
    public static final Set<String> STATE_CHANGING = Set.of("alarm.set", "alarm.delete", "alarm.delete_all", "timer.set",
            "timer.delete", "reminder.add", "reminder.delete", "memo.add", "memo.delete", "schedule.add",
            "schedule.delete");

    /** Recognition confidence needed to act without asking (spoken requests; typed text counts as 1). */
    public static final double MIN_RECOGNITION = 0.35;
    /** Intent confidence needed to act without asking. */
    public static final double MIN_INTENT = 0.85;
    /** Below this intent confidence a state change is not even asked about. */
    public static final double MIN_INTENT_TO_ASK = 0.5;
    /** Below this recognition confidence a state change is not even asked about. */
    public static final double MIN_RECOGNITION_TO_ASK = 0.15;

    private static final Pattern DAY_OR_TIME = Pattern.compile(
            "today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
            + "|january|february|march|april|june|july|august|september|october|november|december"
            + "|weekend|morning|afternoon|evening|noon|midnight|am|pm|a\\.m|p\\.m|o'clock|\\d+(:\\d+)?(st|nd|rd|th)?");

    private final double minRecognition;
    private final double minIntent;
    private final double minIntentToAsk;
    private final double minRecognitionToAsk;

    /** The server's gate, with the measured thresholds. */
    public ConfidenceGate() {
        this(MIN_RECOGNITION, MIN_INTENT, MIN_RECOGNITION_TO_ASK, MIN_INTENT_TO_ASK);
    }

    /** A gate with other thresholds (the benchmark sweeps them). */
    public ConfidenceGate(double minRecognition, double minIntent, double minRecognitionToAsk, double minIntentToAsk) {
        this.minRecognition = minRecognition;
        this.minIntent = minIntent;
        this.minRecognitionToAsk = minRecognitionToAsk;
        this.minIntentToAsk = minIntentToAsk;
    }

    /**
     * @param wordForWord whether a template of the intent matches the utterance word for word: then
     *                    the intent counts as certain (1), whatever the fuzzy score
     */
    public Verdict judge(IntentMatch match, boolean wordForWord, String utterance, double recognitionConfidence) {
        if (!STATE_CHANGING.contains(match.intent())) {
            return Verdict.ACT;
        }
        if (Fillers.onlyFillers(utterance)) {
            return Verdict.NOT_CAUGHT;
        }
        double intent = intentConfidence(match, wordForWord);
        if (recognitionConfidence < minRecognitionToAsk || intent < minIntentToAsk) {
            return Verdict.NOT_CAUGHT;
        }
        if ((match.intent().endsWith(".set") || match.intent().endsWith(".add"))
                && match.slots().values().stream().allMatch(String::isBlank)) {
            return Verdict.ACT; // "take a note": the skill asks what for, nothing is created yet
        }
        if (recognitionConfidence < minRecognition || intent < minIntent
                || !wordForWord && !droppedDaysOrTimes(match, utterance).isEmpty()
                || recognitionConfidence < 1.0 && thinContent(match)) {
            return Verdict.ASK;
        }
        return Verdict.ACT;
    }

    /** The free-text slot of each intent that creates something from dictated words. */
    private static final Map<String, String> CONTENT_SLOTS = Map.of("memo.add", "memo", "reminder.add", "reminder",
            "schedule.add", "event");

    /**
     * Dictated content of at most one word that means something ("remind me again", "note the
     * above"): from a recogniser, more likely a misheard fragment than a memo, so it is asked about.
     */
    static boolean thinContent(IntentMatch match) {
        String slot = CONTENT_SLOTS.get(match.intent());
        String value = slot == null ? null : match.slot(slot);
        if (value == null) {
            return false; // the skill asks for the content
        }
        return Fillers.contentWords(value) <= 1;
    }

    /** The intent confidence the thresholds apply to: 1 for a word-for-word template match, else the matcher's score. */
    static double intentConfidence(IntentMatch match, boolean wordForWord) {
        return wordForWord ? 1.0 : match.confidence();
    }

    /**
     * Words naming a day or a time in the utterance that no slot holds: heard, but not understood
     * as part of the request. A word-for-word template match drops nothing.
     */
    static List<String> droppedDaysOrTimes(IntentMatch match, String utterance) {
        if (match.confidence() >= 1.0) {
            return List.of();
        }
        StringBuilder slots = new StringBuilder(" ");
        for (Map.Entry<String, String> e : match.slots().entrySet()) {
            slots.append(TextNormalizer.normalize(e.getValue())).append(' ');
        }
        List<String> dropped = new ArrayList<>();
        for (String w : TextNormalizer.normalize(utterance).split(" ")) {
            if (DAY_OR_TIME.matcher(w).matches() && !slots.toString().contains(" " + w + " ")) {
                dropped.add(w);
            }
        }
        return dropped;
    }

    /** The question that asks whether the user meant this: "Did you want an alarm for 8 am?". */
    static String question(IntentMatch m, String utterance) {
        List<String> dropped = droppedDaysOrTimes(m, utterance);
        String prefix = dropped.isEmpty() ? "I'm not sure I heard you right. "
                : "I heard " + String.join(" ", dropped) + " but I'm not sure what it was for. ";
        return prefix + "Did you want " + describe(m) + "?";
    }

    /** The request in a few words, as the question puts it. */
    static String describe(IntentMatch m) {
        return switch (m.intent()) {
            case "alarm.set" -> "an alarm" + with(" for ", m.slot("time"));
            case "alarm.delete" -> "me to delete your alarm" + with(" for ", m.slot("time"));
            case "alarm.delete_all" -> "me to delete all your alarms";
            case "timer.set" -> "a timer" + with(" for ", m.slot("duration"));
            case "timer.delete" -> "me to cancel your timer";
            case "reminder.add" -> "a reminder" + with(" to ", m.slot("reminder"));
            case "reminder.delete" -> "me to delete the reminder" + with(" to ", m.slot("reminder"));
            case "memo.add" -> "a memo" + with(" saying ", m.slot("memo"));
            case "memo.delete" -> "me to delete the memo" + with(" about ", m.slot("memo"));
            case "schedule.add" -> m.slot("event") == null ? "me to add an event to your calendar"
                    : "me to add " + m.slot("event") + " to your calendar";
            case "schedule.delete" -> "me to delete " + (m.slot("event") != null ? m.slot("event")
                    : m.slot("when") != null ? "your events for " + m.slot("when") : "an event") + " from your calendar";
            default -> "that";
        };
    }

    private static String with(String lead, String value) {
        return value == null || value.isBlank() ? "" : lead + value;
    }

    static boolean isYes(String reply) {
        return YesNo.isYes(reply);
    }

    static boolean isNo(String reply) {
        return YesNo.isNo(reply);
    }
}
