package dev.opencic.server.speech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.speech.internal.SpeechText;
import org.junit.jupiter.api.Test;

class SpeechTextTest {

    @Test
    void controlCharactersBecomeSpacesAndWhitespaceCollapses() {
        assertThat(SpeechText.normalize("\u0000 Hello,\u0007\r\n\t world \u200B ! ")).isEqualTo("Hello, world !");
        assertThat(SpeechText.normalize(null)).isEmpty();
        assertThat(SpeechText.normalize(" \n ")).isEmpty();
    }

    @Test
    void textIsSplitAtSentenceEnds() {
        assertThat(SpeechText.sentences("Hi there. How are you? Great! One; two"))
                .containsExactly("Hi there.", "How are you?", "Great!", "One;", "two");
    }

    @Test
    void decimalsAbbreviationsAndInitialsDoNotEndASentence() {
        assertThat(SpeechText.sentences("It costs 3.5 dollars at example.com today. Dr. Smith and J. Doe agree."))
                .containsExactly("It costs 3.5 dollars at example.com today.", "Dr. Smith and J. Doe agree.");
    }

    @Test
    void closingQuotesStayWithTheirSentence() {
        assertThat(SpeechText.sentences("He said \"stop!\" Then he left...")).containsExactly("He said \"stop!\"",
                "Then he left...");
    }

    @Test
    void aVeryLongSentenceIsSplitAtCommas() {
        String part = "this clause is long enough to be spoken on its own without sounding odd";
        String text = part + ", " + part + ", " + part + ", " + part + ".";

        var pieces = SpeechText.sentences(text);

        assertThat(pieces).hasSizeGreaterThan(1);
        assertThat(String.join(" ", pieces)).isEqualTo(text);
        assertThat(pieces).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(SpeechText.LONG_SENTENCE));
    }

    @Test
    void aLongRunWithoutPunctuationIsCutAtSpaces() {
        String text = "word ".repeat(200).trim();

        var pieces = SpeechText.sentences(text);

        assertThat(pieces).hasSizeGreaterThan(1);
        assertThat(String.join(" ", pieces)).isEqualTo(text);
    }
}
