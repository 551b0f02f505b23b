package dev.opencic.server.testing;

import dev.opencic.server.speech.asr.PocketSphinxEngine;
import dev.opencic.server.speech.asr.SpeechRecognitionEngine;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs of the Debian speech engines and audio tools. Missing, the test is skipped on a
 * developer's machine but fails where the {@code CI} environment variable is set, naming the package
 * to install: a build machine without the packages must not go green without testing speech.
 */
public final class Engines {

    /** PocketSphinx's libraries and its US-English model. */
    public static final String POCKETSPHINX_PACKAGES = "libpocketsphinx3 libsphinxbase3 pocketsphinx-en-us";
    /** flite's libraries and voices. */
    public static final String FLITE_PACKAGES = "libflite1";

    private static final Engines HERE = new Engines(System.getenv("CI"));

    private final boolean ci;

    /** {@code ciVariable}: the value of {@code CI}; set (not blank) means a missing engine fails. */
    Engines(String ciVariable) {
        this.ci = ciVariable != null && !ciVariable.isBlank();
    }

    /** The {@code lame} command (Debian package {@code lame}). */
    public static void requireLame() {
        HERE.command("lame", "lame");
    }

    /** The {@code oggenc} command (Debian package {@code vorbis-tools}). */
    public static void requireOggenc() {
        HERE.command("oggenc", "vorbis-tools");
    }

    /** An engine that can recognise: its {@link SpeechRecognitionEngine#unavailableReason()} otherwise. */
    public static void requireRecognizer(SpeechRecognitionEngine engine) {
        HERE.recognizer(engine);
    }

    /** The general en-us language model PocketSphinx's default model directory should hold. */
    public static void requirePocketSphinxModel() {
        Path lm = PocketSphinxEngine.DEFAULT_MODEL_DIR.resolve("en-us.lm.bin");
        HERE.check(Files.isRegularFile(lm), lm + " is missing", "pocketsphinx-en-us");
    }

    /**
     * {@code present}, or else skip (fail on CI) with {@code missing}, the text that says what is
     * missing, and the apt-get command that installs {@code debianPackages}.
     */
    public static void require(boolean present, String missing, String debianPackages) {
        HERE.check(present, missing, debianPackages);
    }

    void command(String name, String debianPackage) {
        check(onPath(name), "the " + name + " command is not on the PATH", debianPackage);
    }

    void recognizer(SpeechRecognitionEngine engine) {
        check(engine.isAvailable(), "speech recognition is unavailable: " + engine.unavailableReason(),
                POCKETSPHINX_PACKAGES);
    }

    void check(boolean present, String missing, String debianPackages) {
        if (present) {
            return;
        }
        String message = missing + " (install: apt-get install -y " + debianPackages + ")";
        if (ci) {
            Assertions.fail(message + "; CI is set, so a test that needs it fails instead of being skipped");
        }
        Assumptions.abort(message);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
