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
        assertThat(words.pronunciations()).isEqualTo(Map.of("chioma", "CH IY OW M AA", "chioma's", "CH IY OW M AA Z"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "friend bob|2: unknown kind 'friend'",
        "person|2: no name",
        "person bob2|2: 'bob2' is not a name",
        "place seven 11|2: 'seven 11' is not a name",
        "place kelvin grove = K EH L V IH N|2: a pronunciation can only be given for one word: give each word of 'kelvin grove' its own line",
        "person bob = B4 AA|2: 'B4 AA' is not a pronunciation",
        "person ann = AE N N|2: 'ann' is given two pronunciations: AE N (line 1) and AE N N",
    })
    void aBadLineIsNamedWithItsNumber(String line, String message) {
        assertThatThrownBy(() -> parse("person ann = AE N\n" + line + "\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("asr-words words.txt:")
                .hasMessageContaining(message);
    }

    @Test
    void whatEditorsAndKeyboardsAddIsMadePlain() throws Exception {
        PersonalWords words = parse("\uFEFFperson\u00A0Zoë   # a BOM and a no-break space from Notepad\n"
                + "person Siobhán O\u2019Brien\n"
                + "place Stoke-on-Trent\n"
                + "place St. Mary's\n"
                + "person niamh = N IY1 V0\n"
                + "person NIAMH\n");
        assertThat(words.entries()).containsExactly(
                new Entry(Kind.PERSON, "zoe", null),
                new Entry(Kind.PERSON, "siobhan o'brien", null),
                new Entry(Kind.PLACE, "stoke on trent", null),
                new Entry(Kind.PLACE, "st mary's", null),
                new Entry(Kind.PERSON, "niamh", "N IY V"));
    }

    @Test
    void aGivenPronunciationComesWithItsPossessive() throws Exception {
        assertThat(parse("person niamh = N IY V\nperson jess = JH EH S\nperson pat = P AE T\n").pronunciations())
                .containsExactly(
                        Map.entry("niamh", "N IY V"), Map.entry("niamh's", "N IY V Z"),
                        Map.entry("jess", "JH EH S"), Map.entry("jess's", "JH EH S IH Z"),
                        Map.entry("pat", "P AE T"), Map.entry("pat's", "P AE T S"));
    }

    @Test
    void theSameNameTwiceKeepsItsPronunciation() throws Exception {
        assertThat(parse("person morag\nperson morag = M AO R AE G\n").entries())
                .containsExactly(new Entry(Kind.PERSON, "morag", "M AO R AE G"));
    }

    @Test
    void aFileThatIsNotUtf8IsSaidPlainly() throws Exception {
        Path latin1 = Files.write(dir.resolve("latin1.txt"), "person zo\u00EB\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> PersonalWords.read(latin1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("asr-words " + latin1 + " is not UTF-8 text: save it as UTF-8");
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
