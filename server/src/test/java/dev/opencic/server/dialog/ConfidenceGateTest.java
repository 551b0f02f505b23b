package dev.opencic.server.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.dialog.ConfidenceGate.Verdict;
import dev.opencic.server.nlu.IntentMatch;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the gate decides at given confidences (the thresholds measured in docs/benchmarks-asr.md):
 * a state change needs both the recogniser's and the matcher's confidence; below the thresholds it
 * is asked about, further below not even that; read-only answers need no confidence. Over HTTP/2
 * the same decisions are exercised by ConfidenceTest (typed, the matcher's confidence) and
 * SpokenRejectSetTest (the real recogniser).
 */
class ConfidenceGateTest {

    private final ConfidenceGate gate = new ConfidenceGate();

    private static final IntentMatch ALARM = new IntentMatch("alarm.set", Map.of("time", "8 am", "day", "tomorrow"),
            1.0, "set an alarm for {time} {day}");

    @Test
    void aStateChangeHeardSurelyIsDone() {
        assertThat(gate.judge(ALARM, true, "set an alarm for 8 am tomorrow", 0.6)).isEqualTo(Verdict.ACT);
        assertThat(gate.judge(ALARM, true, "set an alarm for 8 am tomorrow", ConfidenceGate.MIN_RECOGNITION))
                .isEqualTo(Verdict.ACT);
    }

    @Test
    void aStateChangeHeardUnsurelyIsAskedAbout() {
        assertThat(gate.judge(ALARM, true, "set an alarm for 8 am tomorrow", 0.25)).isEqualTo(Verdict.ASK);
        IntentMatch nearMiss = new IntentMatch("alarm.set", ALARM.slots(), 0.7, ALARM.template());
        assertThat(gate.judge(nearMiss, false, "set alarm 8 am tomorrow", 1.0)).isEqualTo(Verdict.ASK);
    }

    @Test
    void aStateChangeBarelyHeardIsNotEvenAskedAbout() {
        assertThat(gate.judge(ALARM, true, "set an alarm for 8 am tomorrow", 0.08)).isEqualTo(Verdict.NOT_CAUGHT);
        IntentMatch guess = new IntentMatch("alarm.set", ALARM.slots(), 0.4, ALARM.template());
        assertThat(gate.judge(guess, false, "salami for bait tomorrow", 1.0)).isEqualTo(Verdict.NOT_CAUGHT);
    }

    @Test
    void oneWordOfDictationFromTheRecogniserIsAskedAboutButTypedIsDone() {
        IntentMatch reminder = new IntentMatch("reminder.add", Map.of("reminder", "again"), 1.0, "remind me {reminder}");
        assertThat(gate.judge(reminder, true, "remind me again", 0.74)).isEqualTo(Verdict.ASK);
        assertThat(gate.judge(reminder, true, "remind me again", 1.0)).isEqualTo(Verdict.ACT);
    }

    @Test
    void readOnlyAnswersNeedNoConfidence() {
        IntentMatch time = new IntentMatch("clock.time", Map.of(), 0.3, "what time is it");
        assertThat(gate.judge(time, false, "what time is it", 0.06)).isEqualTo(Verdict.ACT);
    }
}
