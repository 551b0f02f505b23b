package dev.opencic.server.speech.asr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChannelMeansTest {

    @Test
    void remembersTheLatestMeanPerChannelAndForgetsTheLeastRecentlyUsed() {
        ChannelMeans means = new ChannelMeans(2);
        means.put("a", new float[] {1, 2});
        means.put("b", new float[] {3, 4});
        means.put("a", new float[] {5, 6});
        assertThat(means.get("b")).containsExactly(3, 4); // b is now the most recently used
        means.put("c", new float[] {7, 8});
        assertThat(means.get("a")).isNull();
        assertThat(means.get("b")).containsExactly(3, 4);
        assertThat(means.get("c")).containsExactly(7, 8);
        assertThat(means.size()).isEqualTo(2);
    }

    @Test
    void unknownOrMissingChannelsAndBrokenMeansAreNotRemembered() {
        ChannelMeans means = new ChannelMeans(10);
        means.put(null, new float[] {1});
        means.put("a", null);
        means.put("b", new float[] {1, Float.NaN});
        assertThat(means.size()).isZero();
        assertThat(means.get(null)).isNull();
        assertThat(means.get("nobody")).isNull();
    }

    @Test
    void callersCannotChangeWhatIsStored() {
        ChannelMeans means = new ChannelMeans(10);
        float[] mean = {1, 2};
        means.put("a", mean);
        mean[0] = 99;
        means.get("a")[1] = 99;
        assertThat(means.get("a")).containsExactly(1, 2);
    }

    @Test
    void zeroRemembersNothingAndNegativeIsRefused() {
        ChannelMeans none = new ChannelMeans(0);
        none.put("a", new float[] {1});
        assertThat(none.get("a")).isNull();
        assertThatThrownBy(() -> new ChannelMeans(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
