package dev.opencic.server.nlu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
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

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource({
            "so what's the time then, clock.time",
            "whats the time, clock.time",
            "hey clova tell me the time right now please, clock.time",
            "clova what's the date today please, clock.date",
            "which day is it today then, clock.date",
            "hi there how are you doing, smalltalk.greeting",
            "um what can you do for me, smalltalk.help",
            "could you help me please, smalltalk.help",
            "when time is it, clock.time",
    })
    void paraphrasesAndRecognisedSpeechLandWithLowerConfidence(String utterance, String intent) {
        IntentMatch m = EN.match(utterance).orElseThrow(() -> new AssertionError(EN.explain(utterance, 3)));
        assertThat(m.intent()).isEqualTo(intent);
        assertThat(m.confidence()).isLessThan(1.0);
    }

    private static final String SKILLS = """
            == reminder.add
            remind me to {subject:text}
            == timer.set
            set a timer for {duration:text}
            [a|an] {duration:text} timer
            == music.play
            play {query:text}
            play the album {album:text}
            == music.repeat
            play this [song] on repeat
            == weather.today
            (what's|what is) the weather in {place:text}
            == weather.day
            (what's|what is) the weather on {day:word}
            """;

    private static final Map<String, List<String>> EXAMPLES = Map.of(
            "duration", List.of("10 minutes", "half an hour", "an hour and a half", "90 seconds", "two hours",
                    "5 minutes", "three minutes"),
            "day", List.of("monday", "tuesday", "friday", "sunday"),
            "place", List.of("paris", "new york"));

    private static IntentMatcher skills() throws Exception {
        return new IntentMatcher(IntentMatcher.parse(new StringReader(SKILLS), "skills"), EXAMPLES);
    }

    @ParameterizedTest(name = "\"{0}\" is {1} with {2}")
    @CsvSource(delimiter = '|', value = {
            "hey clova remind me to call mom please | reminder.add | subject=call mom",
            "could you remind me to water the plants | reminder.add | subject=water the plants",
            "please set me a timer for ten minutes | timer.set | duration=ten minutes",
            "can you set a timer for an hour and a half for me | timer.set | duration=an hour and a half",
            "give me a 3 minute timer | timer.set | duration=3 minute",
            "can you play the album abbey road for me | music.play | album=abbey road",
            "could you play some miles davis | music.play | query=some miles davis",
            "how's the weather looking in new york | weather.today | place=new york",
            "what will the weather be like on friday | weather.day | day=friday",
    })
    void slotsAreTakenFromParaphrasesWithoutTheWordsAroundThem(String utterance, String intent, String slot)
            throws Exception {
        IntentMatcher m = skills();
        IntentMatch match = m.match(utterance).orElseThrow(() -> new AssertionError(m.explain(utterance, 3)));
        assertThat(match.intent()).isEqualTo(intent);
        String[] kv = slot.split("=", 2);
        assertThat(match.slots()).containsExactly(Map.entry(kv[0], kv[1]));
    }

    @Test
    void aLongDictationIsMatchedWordForWordOnly() throws Exception {
        IntentMatcher m = skills();
        String subject = String.join(" ", java.util.Collections.nCopies(30, "buy milk and"));
        IntentMatch match = m.match("remind me to " + subject + " bread").orElseThrow();
        assertThat(match.intent()).isEqualTo("reminder.add");
        assertThat(match.slot("subject")).isEqualTo(subject + " bread");
        assertThat(m.match("could you please remind me to " + subject + " bread")).isEmpty();
    }

    @Test
    void aNegationIsNeverIgnored() throws Exception {
        IntentMatcher m = new IntentMatcher(IntentMatcher.parse(new StringReader("""
                == reminder.add
                i need a reminder to {subject:text}
                == reminder.delete
                delete the reminder to {subject:text}
                i don't need the reminder
                """), "t"));
        IntentMatch match = m.match("i don't need the reminder to call mom anymore").orElseThrow();
        assertThat(match.intent()).isEqualTo("reminder.delete");
    }

    @Test
    void aSlotNotSaidIsLeftOutSoTheSkillCanAskForIt() throws Exception {
        IntentMatch m = skills().match("remind me").orElseThrow();
        assertThat(m.intent()).isEqualTo("reminder.add");
        assertThat(m.slots()).isEmpty();
    }

    @Test
    void aWordThatBelongsToAnotherIntentIsNotSwallowedByASlot() throws Exception {
        IntentMatch m = skills().match("play this one on repeat").orElseThrow();
        assertThat(m.intent()).isEqualTo("music.repeat");
        assertThat(m.slots()).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\" is not understood")
    @CsvSource({
            "order me a large pepperoni pizza",
            "what's the capital of france",
            "how tall is mount everest",
            "send a text to my brother",
            "the the the",
    })
    void unrelatedRequestsAreNotUnderstood(String utterance) {
        assertThat(EN.match(utterance)).as("%s", EN.explain(utterance, 3)).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\" is not understood")
    @CsvSource({
            "what is a timer",
            "book a taxi to the airport",
            "my timer is broken again",
    })
    void aSlotDoesNotMakeUnrelatedWordsUnderstood(String utterance) throws Exception {
        IntentMatcher m = skills();
        assertThat(m.match(utterance)).as("%s", m.explain(utterance, 3)).isEmpty();
    }

    @Test
    void foldingSpellsOutContractionsAndFoldsNumbersPluralsAndGreetings() {
        assertThat(Lexicon.fold("what's")).containsExactly("what", "is");
        assertThat(Lexicon.fold("gonna")).containsExactly("going", "to");
        assertThat(Lexicon.fold("seven")).containsExactly("7");
        assertThat(Lexicon.fold("alarms")).containsExactly("alarm");
        assertThat(Lexicon.fold("playing")).containsExactly("play");
        assertThat(Lexicon.fold("hiya")).isEqualTo(Lexicon.fold("hello"));
        assertThat(Lexicon.Folded.of("hello hello there").words()).containsExactly("hello", "there");
    }

    @Test
    void normalisationKeepsApostrophesAndClockColons() {
        assertThat(TextNormalizer.normalize("  What's   the TIME, at 7:30?! ")).isEqualTo("what's the time at 7 30".replace("7 30", "7:30"));
        assertThat(TextNormalizer.normalize("'quoted' words")).isEqualTo("quoted words");
    }
}
