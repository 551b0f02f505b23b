package dev.opencic.server.skill.devicecontrol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SpokenNumbersTest {

    @Test
    void levelsInWordsOrDigits() {
        assertThat(SpokenNumbers.level("five")).hasValue(5);
        assertThat(SpokenNumbers.level("twenty five")).hasValue(25);
        assertThat(SpokenNumbers.level("30")).hasValue(30);
        assertThat(SpokenNumbers.level("a hundred")).hasValue(100);
        assertThat(SpokenNumbers.level("loud")).isEqualTo(OptionalInt.empty());
        assertThat(SpokenNumbers.level(null)).isEqualTo(OptionalInt.empty());
        assertThat(SpokenNumbers.level("9999")).isEqualTo(OptionalInt.empty());
    }

    @Test
    void pinsDigitByDigitOrAtOnce() {
        assertThat(SpokenNumbers.digits("one two three four")).isEqualTo("1234");
        assertThat(SpokenNumbers.digits("0000")).isEqualTo("0000");
        assertThat(SpokenNumbers.digits("4 3 2 1")).isEqualTo("4321");
        assertThat(SpokenNumbers.digits("twelve")).isEmpty();
        assertThat(SpokenNumbers.digits("a")).isEmpty();
        assertThat(SpokenNumbers.digits("1".repeat(17))).isEmpty();
    }
}
