package dev.opencic.server.nlu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * from the dictionary get a pronunciation from flite at start, unless the file gives one.
 */
public final class PersonalWords {

    /** What a name stands for; chooses the sentences it is taught in. */
    public enum Kind { PERSON, PLACE }

    /** One line of the file: a name of one or more words and, optionally, how it is pronounced. */
    public record Entry(Kind kind, String name, String pronunciation) {}

    private static final Pattern NAME = Pattern.compile("[a-z][a-z']*( [a-z][a-z']*){0,4}");
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

    /** Reads a words file; an error names the file and line, for the person who wrote it. */
    public static PersonalWords read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("asr-words: no such file: " + file);
        }
    }

    static PersonalWords parse(BufferedReader in, String source) throws IOException {
        List<Entry> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (text.isEmpty()) {
                continue;
            }
            String where = "asr-words " + source + ":" + lineNo + ": ";
            String[] kindAndRest = text.split("\\s+", 2);
            Kind kind = switch (kindAndRest[0].toLowerCase(Locale.ROOT)) {
                case "person" -> Kind.PERSON;
                case "place" -> Kind.PLACE;
                default -> throw new IllegalArgumentException(where + "unknown kind '" + kindAndRest[0]
                        + "' (a line is: person NAME, or place NAME, then optionally = PHONES)");
            };
            String rest = kindAndRest.length > 1 ? kindAndRest[1] : "";
            String pronunciation = null;
            int eq = rest.indexOf('=');
            if (eq >= 0) {
                pronunciation = rest.substring(eq + 1).strip().replaceAll("\\s+", " ");
                rest = rest.substring(0, eq);
            }
            String name = rest.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(where + (name.isEmpty() ? "no name" : "'" + name
                        + "' is not a name of one to five words of letters (write numbers as words)"));
            }
            if (pronunciation != null) {
                if (name.contains(" ")) {
                    throw new IllegalArgumentException(where + "a pronunciation can only be given for a one-word name");
                }
                if (!PHONES.matcher(pronunciation).matches()) {
                    throw new IllegalArgumentException(where + "'" + pronunciation
                            + "' is not a pronunciation: CMU phones in capitals, such as M AO R AE G");
                }
            }
            if (seen.add(kind + " " + name)) {
                out.add(new Entry(kind, name, pronunciation));
            }
        }
        return new PersonalWords(out, FRAMES_PER_NAME);
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

    /** The pronunciations the file gives, by word. */
    public Map<String, String> pronunciations() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.pronunciation() != null) {
                out.put(e.name(), e.pronunciation());
            }
        }
        return out;
    }

    /**
     * Example values for the free-text slots (memo, reminder, event): {@link #FRAMES_PER_NAME} sentences
     * of an entry's kind in {@code nlu/<lang>/word-frames.txt}, with the entry's name in it. Empty for
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
