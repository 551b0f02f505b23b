package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The cheap lane's score per text: which texts it lets past a full synthesis stage. */
class CheapAnswersTest {

    private final CheapAnswers lane = new CheapAnswers(new SimpleMeterRegistry());

    @Test
    void aTextNeverAnsweredFromTheCacheIsNotCheapAndIsNotTracked() {
        lane.neededSynthesis("what's the weather", false);
        lane.neededSynthesis("what's the weather", false);
        assertThat(lane.isCheap("what's the weather")).isFalse();
        lane.answeredWithoutSynthesis("what's the weather", false);
        assertThat(lane.isCheap("what's the weather")).as("the misses before it was cached do not count").isTrue();
        assertThat(lane.isCheap(null)).isFalse();
    }

    @Test
    void aTextMostlyAnsweredFromTheCacheStaysCheapWhenItsAnswerChanges() {
        for (int i = 0; i < CheapAnswers.HITS_PER_MISS + 1; i++) {
            lane.answeredWithoutSynthesis("what time is it", false);
        }
        lane.neededSynthesis("what time is it", true); // the minute changed
        assertThat(lane.isCheap("what time is it")).isTrue();
        lane.neededSynthesis("what time is it", true);
        assertThat(lane.isCheap("what time is it")).as("two misses against five answers from the cache").isFalse();
    }

    @Test
    void aTextWhoseAnswerDiffersPerDeviceLeavesTheLaneAfterOneWrongGuess() {
        lane.answeredWithoutSynthesis("what notes do i have", false); // a device with no notes
        assertThat(lane.isCheap("what notes do i have")).isTrue();
        lane.neededSynthesis("what notes do i have", true); // a device with notes
        assertThat(lane.isCheap("what notes do i have")).isFalse();
    }
}
