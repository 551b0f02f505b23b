package dev.opencic.bench.asr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RoomConditionTest {

    @Test
    void aRoomWithNoiseNamesBothParts() {
        RoomCondition c = RoomCondition.parse("reverb-medium+babble-10");

        assertThat(c.room()).isEqualTo(RoomCondition.Room.MEDIUM);
        assertThat(c.noise()).isEqualTo(RoomCondition.Noise.BABBLE);
        assertThat(c.snrDb()).isEqualTo(10);
        assertThat(c.playbackSpeed()).isEqualTo(1);
        assertThat(c.durationStretch()).isEqualTo(1);
    }

    @Test
    void aHigherVoiceIsSpokenLongerAndPlayedFasterSoThePaceStays() {
        RoomCondition c = RoomCondition.parse("reverb-small+pitch+250");

        assertThat(c.room()).isEqualTo(RoomCondition.Room.SMALL);
        assertThat(c.pitchCents()).isEqualTo(250);
        assertThat(c.playbackSpeed()).isCloseTo(1.1554, within(1e-4));
        assertThat(c.durationStretch()).isCloseTo(c.playbackSpeed(), within(1e-12));
        assertThat(RoomCondition.parse("pitch-250").playbackSpeed()).isCloseTo(1 / 1.1554, within(1e-4));
    }

    @Test
    void aFasterTalkerIsAShorterDurationStretch() {
        RoomCondition c = RoomCondition.parse("tempo-1.25");

        assertThat(c.durationStretch()).isCloseTo(0.8, within(1e-12));
        assertThat(c.noise()).isNull();
        assertThat(c.room()).isNull();
    }

    @Test
    void everyDefaultConditionParsesAndCleanIsNothing() {
        RoomCondition.DEFAULTS.forEach(RoomCondition::parse);
        RoomCondition clean = RoomCondition.parse("clean");

        assertThat(clean.room()).isNull();
        assertThat(clean.noise()).isNull();
        assertThat(clean.playbackSpeed()).isEqualTo(1);
    }

    @Test
    void anUnknownRoomOrPartIsRefusedWithTheGrammar() {
        assertThatThrownBy(() -> RoomCondition.parse("reverb-huge")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reverb-huge").hasMessageContaining("reverb-small|medium|large");
        assertThatThrownBy(() -> RoomCondition.parse("pink-loud")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoomCondition.parse("hall-5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoomCondition.parse("tempo-0")).isInstanceOf(IllegalArgumentException.class);
    }
}
