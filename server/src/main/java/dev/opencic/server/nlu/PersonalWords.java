package dev.opencic.server.nlu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A household's own names, registered so the speech recogniser can hear them: its people and pets,
 * its places (streets, shops, schools, towns). Read from a text file ({@code asr-words}), one entry
 * per line:
 *
 * <pre>
 * # kind  name                [= pronunciation, CMU phones, for a one-word name]
 * person  morag
 * person  chioma              = CH IY OW M AA
 * place   kelvingrove cafe
 * </pre>
 *
 * <p>Why more than a dictionary entry: the recogniser only hears a word its language model expects
 * somewhere, and the general model has never seen these names. Each name is therefore put into the
 * sentences people dictate around a name of its kind ({@code nlu/<lang>/word-frames.txt}: "dinner
 * with {} on saturday", "pick up the parcel from {}"), and those sentences become examples of the
 * memo, reminder and calendar-entry slots, which the domain language model learns from. Names missing
 * from the dictionary get a pronunciation from flite at start; a pronunciation the file gives replaces
 * both flite's and the dictionary's.
 */
public final class PersonalWords {

    /** What a name stands for; chooses the sentences it is taught in. */
    public enum Kind { PERSON, PLACE }

    /** One line of the file: a name of one or more words and, optionally, how it is pronounced. */
    public record Entry(Kind kind, String name, String pronunciation) {}

    private static final Pattern NAME = Pattern.compile("[a-z]+('[a-z]+)*( [a-z]+('[a-z]+)*){0,4}");
    private static final Pattern PHONES = Pattern.compile("[A-Z]{1,2}( [A-Z]{1,2}){0,31}");
    /** How many sentences each name is taught in (docs/benchmarks-asr.md). */
    public static final int FRAMES_PER_NAME = 12;

    private static final PersonalWords NONE = new PersonalWords(List.of(), FRAMES_PER_NAME);

    private final List<Entry> entries;
    private final int framesPerName;

    private PersonalWords(List<Entry> entries, int framesPerName) {
        this.entries = List.copyOf(entries);
        this.framesPerName = framesPerName;
    }

    /** The same names taught in {@code n} sentences each (for the benchmark's comparisons). */
    public PersonalWords withFramesPerName(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("frames per name must be >= 1: " + n);
        }
        return new PersonalWords(entries, n);
    }

    /** No names of one's own. */
    public static PersonalWords none() {
        return NONE;
    }

    /** Reads a words file (UTF-8); an error names the file and line, for the person who wrote it. */
    public static PersonalWords read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("asr-words: no such file: " + file);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("asr-words " + file + " is not UTF-8 text: save it as UTF-8");
        } catch (IOException e) {
            throw new IllegalArgumentException("asr-words " + file + ": cannot read it (" + e + ")");
        }
    }

    static PersonalWords parse(BufferedReader in, String source) throws IOException {
        record Key(Kind kind, String name) {}
        Map<Key, Entry> out = new LinkedHashMap<>();
        Map<String, String> phonesByName = new LinkedHashMap<>();
        Map<String, Integer> phonesLine = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            int hash = line.indexOf('#');
            String text = plain(hash >= 0 ? line.substring(0, hash) : line);
            if (text.isEmpty()) {
                continue;
            }
            String where = "asr-words " + source + ":" + lineNo + ": ";
            String[] kindAndRest = text.split(" ", 2);
            Kind kind = switch (kindAndRest[0].toLowerCase(Locale.ROOT)) {
                case "person" -> Kind.PERSON;
                case "place" -> Kind.PLACE;
                default -> throw new IllegalArgumentException(where + "unknown kind '" + kindAndRest[0]
                        + "' (a line is: person NAME, or place NAME, then optionally = PHONES)");
            };
            String rest = kindAndRest.length > 1 ? kindAndRest[1] : "";
            String phones = null;
            int eq = rest.indexOf('=');
            if (eq >= 0) {
                // CMU dictionary lines carry stress digits (AO1); the acoustic model's phones do not
                phones = rest.substring(eq + 1).replaceAll("[012]", "").strip().toUpperCase(Locale.ROOT);
                rest = rest.substring(0, eq);
            }
            String name = spokenForm(rest);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(where + (name.isEmpty() ? "no name" : "'" + name
                        + "' is not a name of one to five words of letters a-z (write numbers as words)"));
            }
            if (phones != null) {
                if (name.contains(" ")) {
                    throw new IllegalArgumentException(where + "a pronunciation can only be given for one word: "
                            + "give each word of '" + name + "' its own line");
                }
                if (!PHONES.matcher(phones).matches()) {
                    throw new IllegalArgumentException(where + "'" + phones
                            + "' is not a pronunciation: CMU phones, such as M AO R AE G");
                }
                String earlier = phonesByName.putIfAbsent(name, phones);
                if (earlier != null && !earlier.equals(phones)) {
                    throw new IllegalArgumentException(where + "'" + name + "' is given two pronunciations: "
                            + earlier + " (line " + phonesLine.get(name) + ") and " + phones);
                }
                phonesLine.putIfAbsent(name, lineNo);
            }
            out.putIfAbsent(new Key(kind, name), new Entry(kind, name, null));
        }
        List<Entry> entries = new ArrayList<>();
        out.values().forEach(e -> entries.add(new Entry(e.kind(), e.name(), phonesByName.get(e.name()))));
        return new PersonalWords(entries, FRAMES_PER_NAME);
    }

    /** Text editors' extras made plain: byte-order mark, non-breaking spaces, runs of spaces. */
    private static String plain(String text) {
        return text.replace("\uFEFF", "").replace('\u00A0', ' ').replaceAll("\\s+", " ").strip();
    }

    /**
     * A name as the recogniser spells it: the matcher's normal form (lower case, punctuation and
     * hyphens as spaces, ’ as ') without accents, which the dictionary's words never have.
     */
    static String spokenForm(String name) {
        return TextNormalizer.normalize(Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", ""));
    }

    public List<Entry> entries() {
        return entries;
    }

    public int framesPerName() {
        return framesPerName;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The pronunciations the file gives, by word, with the possessive of each: the sentences say
     * "{}'s" too, and that is a word of its own to the recogniser.
     */
    public Map<String, String> pronunciations() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.pronunciation() != null) {
                out.put(e.name(), e.pronunciation());
                if (!e.name().endsWith("'s")) {
                    out.put(e.name() + "'s", e.pronunciation() + " " + possessiveEnding(e.pronunciation()));
                }
            }
        }
        return out;
    }

    /** English's rule for the sound of 's: "IH Z" after a hissing sound, "S" after a voiceless one, else "Z". */
    static String possessiveEnding(String phones) {
        String last = phones.substring(phones.lastIndexOf(' ') + 1);
        return switch (last) {
            case "S", "Z", "SH", "ZH", "CH", "JH" -> "IH Z";
            case "P", "T", "K", "F", "TH" -> "S";
            default -> "Z";
        };
    }

    /**
     * Example values for the free-text slots (memo, reminder, event): {@link #framesPerName()} sentences
     * (by default {@link #FRAMES_PER_NAME}) of an entry's kind in {@code nlu/<lang>/word-frames.txt}, with the entry's name in it. Empty for
     * a language without frames.
     */
    public Map<String, List<String>> slotExamples(String lang) {
        if (entries.isEmpty()) {
            return Map.of();
        }
        Map<Kind, List<String[]>> frames = frames(lang);
        Map<String, List<String>> out = new LinkedHashMap<>();
        Map<Kind, Integer> seenOfKind = new EnumMap<>(Kind.class);
        for (Entry e : entries) {
            List<String[]> ofKind = frames.getOrDefault(e.kind(), List.of());
            // Successive names start where the last one stopped, so every frame is used and the
            // model's idea of a sentence does not tilt towards a few of them as the list grows.
            int first = seenOfKind.merge(e.kind(), 1, Integer::sum) - 1;
            for (int i = 0; i < Math.min(framesPerName, ofKind.size()); i++) {
                String[] frame = ofKind.get((first * framesPerName + i) % ofKind.size());
                out.computeIfAbsent(frame[0], k -> new ArrayList<>()).add(frame[1].replace("{}", e.name()));
            }
        }
        return out;
    }

    /** The frames of a language by kind, each {slot, text with one {}}. */
    static Map<Kind, List<String[]>> frames(String lang) {
        String resource = "/nlu/" + lang + "/word-frames.txt";
        try (InputStream in = PersonalWords.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Map.of();
            }
            Map<String, List<String>> sections = SlotExamples.parse(
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), resource);
            Map<Kind, List<String[]>> out = new LinkedHashMap<>();
            sections.forEach((section, lines) -> {
                Map<String, List<String[]>> bySlot = new LinkedHashMap<>();
                for (String line : lines) {
                    String[] slotAndText = line.split("\t", 2);
                    if (slotAndText.length != 2 || !slotAndText[1].contains("{}")) {
                        throw new IllegalStateException(resource + ": not 'slot<TAB>text with {}': " + line);
                    }
                    bySlot.computeIfAbsent(slotAndText[0], k -> new ArrayList<>()).add(slotAndText);
                }
                // memo, reminder, event, memo, ...: any run of frames a name gets has every slot
                List<String[]> interleaved = new ArrayList<>();
                for (int i = 0; interleaved.size() < lines.size(); i++) {
                    for (List<String[]> ofSlot : bySlot.values()) {
                        if (i < ofSlot.size()) {
                            interleaved.add(ofSlot.get(i));
                        }
                    }
                }
                out.put(Kind.valueOf(section.toUpperCase(Locale.ROOT)), interleaved);
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
