package dev.opencic.server.nlu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opencic.server.nlu.PersonalWords.Entry;
import dev.opencic.server.nlu.PersonalWords.Kind;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PersonalWordsTest {

    @TempDir Path dir;

    static PersonalWords parse(String text) throws Exception {
        return PersonalWords.parse(new BufferedReader(new StringReader(text)), "words.txt");
    }

    @Test
    void entriesArePeopleAndPlacesWithOptionalPronunciations() throws Exception {
        PersonalWords words = parse("""
                # our family
                person  Morag
                person chioma = CH IY OW M AA   # she says it like this

                place   Kelvingrove   Cafe
                person morag
                """);
        assertThat(words.entries()).containsExactly(
                new Entry(Kind.PERSON, "morag", null),
                new Entry(Kind.PERSON, "chioma", "CH IY OW M AA"),
                new Entry(Kind.PLACE, "kelvingrove cafe", null));
        assertThat(words.pronunciations()).isEqualTo(Map.of("chioma", "CH IY OW M AA"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "friend bob|2: unknown kind 'friend'",
        "person|2: no name",
        "person bob2|2: 'bob2' is not a name",
        "place st. mary's|2: 'st. mary's' is not a name",
        "place kelvin grove = K EH L V IH N|2: a pronunciation can only be given for a one-word name",
        "person bob = b aa b|2: 'b aa b' is not a pronunciation",
    })
    void aBadLineIsNamedWithItsNumber(String line, String message) {
        assertThatThrownBy(() -> parse("person ann\n" + line + "\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("asr-words words.txt:")
                .hasMessageContaining(message);
    }

    @Test
    void aMissingFileIsSaidPlainly() {
        Path missing = dir.resolve("nope.txt");
        assertThatThrownBy(() -> PersonalWords.read(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("asr-words: no such file: " + missing);
    }

    @Test
    void readsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("words.txt"), "person tamsin\nplace dunmore\n");
        assertThat(PersonalWords.read(file).entries()).extracting(Entry::name).containsExactly("tamsin", "dunmore");
    }

    @Test
    void eachNameIsTaughtInSentencesOfItsKindAndNamesShareTheFramesOut() throws Exception {
        PersonalWords words = parse("person tamsin\nperson kwabena\nplace dunmore\n");
        Map<String, List<String>> examples = words.slotExamples("en");
        List<String> all = examples.values().stream().flatMap(List::stream).toList();
        assertThat(examples.keySet()).containsExactlyInAnyOrder("memo", "reminder", "event");

        List<String> tamsin = all.stream().filter(s -> s.matches(".*\\btamsin\\b.*")).toList();
        List<String> kwabena = all.stream().filter(s -> s.matches(".*\\bkwabena\\b.*")).toList();
        List<String> dunmore = all.stream().filter(s -> s.matches(".*\\bdunmore\\b.*")).toList();
        assertThat(tamsin).hasSize(PersonalWords.FRAMES_PER_NAME);
        assertThat(kwabena).hasSize(PersonalWords.FRAMES_PER_NAME);
        assertThat(dunmore).hasSize(PersonalWords.FRAMES_PER_NAME);
        assertThat(all).hasSize(3 * PersonalWords.FRAMES_PER_NAME);
        // the second person takes the next frames, not the same ones
        List<String> tamsinFrames = tamsin.stream().map(s -> s.replace("tamsin", "{}")).toList();
        List<String> kwabenaFrames = kwabena.stream().map(s -> s.replace("kwabena", "{}")).toList();
        assertThat(kwabenaFrames).doesNotContainAnyElementsOf(tamsinFrames);
        // and a place is taught in place sentences
        List<String> personFrames = PersonalWords.frames("en").get(Kind.PERSON).stream().map(f -> f[1]).toList();
        assertThat(dunmore.stream().map(s -> s.replace("dunmore", "{}"))).doesNotContainAnyElementsOf(personFrames);
    }

    @Test
    void theShippedFramesAreWellFormed() {
        Map<Kind, List<String[]>> frames = PersonalWords.frames("en");
        assertThat(frames.keySet()).containsExactlyInAnyOrder(Kind.PERSON, Kind.PLACE);
        frames.values().forEach(list -> {
            assertThat(list).hasSizeGreaterThan(PersonalWords.FRAMES_PER_NAME);
            assertThat(list).allSatisfy(f -> {
                assertThat(f[0]).isIn("memo", "reminder", "event");
                assertThat(f[1]).matches("[a-z' ]*\\{}[a-z' ]*");
            });
        });
    }

    @Test
    void noNamesNoExamples() {
        assertThat(PersonalWords.none().slotExamples("en")).isEmpty();
        assertThat(PersonalWords.none().isEmpty()).isTrue();
    }

    @Test
    void everyNameSentenceBecomesACommandTheTemplatesUnderstand() throws Exception {
        IntentMatcher matcher = IntentMatcher.forLanguage("en");
        PersonalWords words = parse("person tamsin\nperson kwabena\nplace dunmore\n");
        List<String> corpus = SentenceGenerator.recognizerCorpus(matcher, SlotExamples.forLanguage("en"), words, "en");
        List<String> plain = SentenceGenerator.recognizerCorpus(matcher, SlotExamples.forLanguage("en"));

        assertThat(corpus).hasSize(plain.size() + 3 * PersonalWords.FRAMES_PER_NAME);
        for (var e : words.slotExamples("en").entrySet()) {
            for (String example : e.getValue()) {
                String said = TextNormalizer.normalize(example);
                List<String> sentences = corpus.stream().filter(s -> s.contains(said)).toList();
                assertThat(sentences).as(example).isNotEmpty();
                String name = List.of("tamsin", "kwabena", "dunmore").stream()
                        .filter(n -> said.matches(".*\\b" + n + "\\b.*")).findFirst().orElseThrow();
                // the name lands in the slot (a calendar entry's day and time may go to their own)
                assertThat(matcher.match(sentences.get(0))).as(sentences.get(0)).isPresent()
                        .get().satisfies(m -> assertThat(m.slots().get(e.getKey())).contains(name));
            }
        }
    }
}
