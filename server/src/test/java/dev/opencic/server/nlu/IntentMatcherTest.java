package dev.opencic.server.nlu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IntentMatcherTest {

    private static final IntentMatcher EN = IntentMatcher.forLanguage("en");

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource({
            "What time is it?, clock.time",
            "what's the time now, clock.time",
            "Tell me the time please, clock.time",
            "do you know the time, clock.time",
            "What's the date today?, clock.date",
            "what day is it today, clock.date",
            "Hello, smalltalk.greeting",
            "hey there, smalltalk.greeting",
            "What can you do?, smalltalk.help",
            "help, smalltalk.help",
            "tell me what time it is, clock.time",
            "how late is it, clock.time",
            "can you tell me the date, clock.date",
            "good morning to you, smalltalk.greeting",
            "hey there assistant, smalltalk.greeting",
    })
    void templatedPhrasingsMatchTheirIntentExactly(String utterance, String intent) {
        IntentMatch m = EN.match(utterance).orElseThrow();
        assertThat(m.intent()).isEqualTo(intent);
        assertThat(m.confidence()).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "\"{0}\" is near {1}")
    @CsvSource({
            "what time is it there now, clock.time",
            "so what time is it, clock.time",
            "what is the date today please, clock.date",
    })
    void nearMissesStillLandWithLowerConfidence(String utterance, String intent) {
        IntentMatch m = EN.match(utterance).orElseThrow();
        assertThat(m.intent()).isEqualTo(intent);
        assertThat(m.confidence()).isLessThan(1.0).isGreaterThan(0.5);
    }

    @Test
    void unrelatedTextIsNotUnderstood() {
        assertThat(EN.match("order me a large pizza with anchovies")).isEmpty();
        assertThat(EN.match("   ?!  ")).isEmpty();
    }

    @Test
    void slotsAreCapturedAndTheMostLiteralTemplateWins() throws Exception {
        IntentMatcher m = new IntentMatcher(IntentMatcher.parse(new StringReader("""
                == memo.add
                (note|remember) [that] {content:text}
                == memo.read
                (note|remember) what i said
                == timer.set
                set a timer for {amount:number} minutes
                """), "test"));
        IntentMatch add = m.match("Remember that the keys are under the mat").orElseThrow();
        assertThat(add.intent()).isEqualTo("memo.add");
        assertThat(add.slot("content")).isEqualTo("the keys are under the mat");
        assertThat(m.match("remember what I said").orElseThrow().intent()).isEqualTo("memo.read");
        assertThat(m.match("set a timer for 25 minutes").orElseThrow().slot("amount")).isEqualTo("25");
        assertThat(m.match("set a timer for twenty five minutes").orElseThrow().slot("amount"))
                .isEqualTo("twenty five");
    }

    @Test
    void addingATemplateTeachesANewPhrasing() throws Exception {
        String base = "== clock.time\nwhat time is it\n";
        IntentMatcher before = new IntentMatcher(IntentMatcher.parse(new StringReader(base), "t"));
        assertThat(before.match("got the hour for me")).isEmpty();
        IntentMatcher after = new IntentMatcher(IntentMatcher.parse(
                new StringReader(base + "got the hour for me\n"), "t"));
        assertThat(after.match("got the hour for me").orElseThrow().intent()).isEqualTo("clock.time");
    }

    @Test
    void templateMistakesNameTheFileLineAndProblem() {
        assertThatThrownBy(() -> IntentMatcher.parse(new StringReader("== clock.time\nwhat (time|hour is it\n"), "en.txt"))
                .hasMessageContaining("en.txt:2").hasMessageContaining("missing ')'");
        assertThatThrownBy(() -> IntentMatcher.parse(new StringReader("== x.y\nset {n:colour}\n"), "en.txt"))
                .hasMessageContaining("unknown slot type 'colour'");
        assertThatThrownBy(() -> IntentMatcher.parse(new StringReader("what time is it\n"), "en.txt"))
                .hasMessageContaining("before any '== intent' line");
    }

    @Test
    void wordSimilarityIsOneMinusEditDistanceOverLength() {
        assertThat(IntentMatcher.similarity(List.of("a", "b", "c"), List.of("a", "b", "c"))).isEqualTo(1.0);
        assertThat(IntentMatcher.similarity(List.of("a", "b", "c", "d"), List.of("a", "x", "c", "d"))).isEqualTo(0.75);
        assertThat(IntentMatcher.similarity(List.of(), List.of("a"))).isEqualTo(0.0);
    }

    @Test
    void normalisationKeepsApostrophesAndClockColons() {
        assertThat(TextNormalizer.normalize("  What's   the TIME, at 7:30?! ")).isEqualTo("what's the time at 7 30".replace("7 30", "7:30"));
        assertThat(TextNormalizer.normalize("'quoted' words")).isEqualTo("quoted words");
    }
}
