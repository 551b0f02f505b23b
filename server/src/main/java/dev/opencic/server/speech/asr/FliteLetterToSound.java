package dev.opencic.server.speech.asr;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.opencic.server.speech.internal.SpeechNatives;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pronunciations for words missing from the recogniser's dictionary, from flite's CMU lexicon and
 * letter-to-sound rules ({@code libflite_cmulex}): {@code lex_lookup(cmu_lex_init(), word, NULL, NULL)}
 * returns a list of phones such as {@code ("k" "ow1" "l" "d" "p" "l" "ey1")}, turned here into
 * PocketSphinx's phone set: upper case, no stress digits, {@code pau} and anything unknown dropped.
 *
 * <p>libflite is loaded (and its lexicon library pinned) through {@link SpeechNatives#flite()}, the
 * same loader the speech synthesiser uses. Lookups only run while an engine is being built.
 * {@code cmu_lex_init} is idempotent and {@code lex_lookup} only reads the shared lexicon and
 * allocates its own result list, so it does not disturb a synthesis running on another thread.
 */
final class FliteLetterToSound {

    /** The 39 phones of the en-us acoustic model (plus SIL, never produced here). */
    static final Set<String> CMU_PHONES = Set.of("AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH",
            "EH", "ER", "EY", "F", "G", "HH", "IH", "IY", "JH", "K", "L", "M", "N", "NG", "OW", "OY", "P", "R",
            "S", "SH", "T", "TH", "UH", "UW", "V", "W", "Y", "Z", "ZH");

    private static final Logger log = LoggerFactory.getLogger(FliteLetterToSound.class);
    private static final Pattern WORD = Pattern.compile("[a-z][a-z']{0,63}");

    /** The lexicon entry points not in the synthesiser's {@code FliteLibrary}. */
    interface Lexicon extends Library {
        /** {@code cst_lexicon *cmu_lex_init(void)} from {@code libflite_cmulex.so.1}. */
        Pointer cmu_lex_init();
    }

    /** {@code libflite.so.1}'s value-list functions and {@code lex_lookup}. */
    interface Values extends Library {
        /** {@code cst_val *lex_lookup(const cst_lexicon *l, const char *word, const char *pos, const cst_features *feats)}. */
        Pointer lex_lookup(Pointer lexicon, String word, String pos, Pointer feats);

        Pointer val_car(Pointer list);

        Pointer val_cdr(Pointer list);

        String val_string(Pointer val);

        void delete_val(Pointer val);
    }

    private final Values values;
    private final Pointer lexicon;
    private final String failure;

    private FliteLetterToSound(Values values, Pointer lexicon, String failure) {
        this.values = values;
        this.lexicon = lexicon;
        this.failure = failure;
    }

    /** Loads flite's lexicon; never throws: see {@link #failure()}. */
    static FliteLetterToSound load() {
        SpeechNatives.Loaded<?> flite = SpeechNatives.flite(); // loads and pins libflite + libflite_cmulex
        if (!flite.isLoaded()) {
            return new FliteLetterToSound(null, null, flite.failure());
        }
        try {
            Values v = Native.load("libflite.so.1", Values.class);
            Lexicon l = Native.load("libflite_cmulex.so.1", Lexicon.class);
            Pointer lex = l.cmu_lex_init();
            if (lex == null) {
                return new FliteLetterToSound(null, null, "cmu_lex_init returned NULL");
            }
            return new FliteLetterToSound(v, lex, "");
        } catch (LinkageError | RuntimeException e) {
            log.debug("flite lexicon could not be loaded", e);
            return new FliteLetterToSound(null, null, "libflite1 is not installed: run `apt-get install -y libflite1`");
        }
    }

    boolean isAvailable() {
        return lexicon != null;
    }

    String failure() {
        return failure;
    }

    /**
     * CMU phones for {@code word} (lower case letters and apostrophes), such as {@code "K OW L D P L EY"},
     * or empty when the word cannot be pronounced.
     */
    synchronized Optional<String> pronounce(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (lexicon == null || !WORD.matcher(w).matches()) {
            return Optional.empty();
        }
        String letters = w.replace("'", "");
        if (letters.isEmpty()) {
            return Optional.empty();
        }
        Pointer list = values.lex_lookup(lexicon, letters, null, null);
        if (list == null) {
            return Optional.empty();
        }
        List<String> phones = new ArrayList<>();
        try {
            for (Pointer p = list; p != null; p = values.val_cdr(p)) {
                Pointer car = values.val_car(p);
                String phone = car == null ? null : values.val_string(car);
                String mapped = mapPhone(phone);
                if (mapped != null) {
                    phones.add(mapped);
                }
            }
        } finally {
            values.delete_val(list);
        }
        return phones.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", phones));
    }

    /** flite phone ({@code "ow1"}, {@code "pau"}) to CMU phone ({@code "OW"}), or null to drop it. */
    static String mapPhone(String flitePhone) {
        if (flitePhone == null) {
            return null;
        }
        String p = flitePhone.replaceAll("[0-9]", "").toUpperCase(Locale.ROOT);
        if (p.equals("AX")) {
            p = "AH";
        }
        return CMU_PHONES.contains(p) ? p : null;
    }
}
