package dev.opencic.server.speech.internal;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads libflite and libmp3lame by soname and registers flite voices, once per process.
 * Failures are reported as text (never thrown) and are not cached, so installing the packages
 * and building a new engine works without a restart.
 */
public final class SpeechNatives {

    /** The command that installs every runtime library the engine needs (Debian/Ubuntu). */
    public static final String INSTALL_COMMAND = "apt-get install -y libflite1 libmp3lame0";

    /** Debian's {@code libflite1} US-English voices, most natural first. */
    public static final List<String> KNOWN_VOICES = List.of("slt", "rms", "awb", "kal16", "kal");

    private static final Logger log = LoggerFactory.getLogger(SpeechNatives.class);
    private static final Pattern VOICE_NAME = Pattern.compile("[a-z0-9_]{1,40}");

    private static volatile FliteLibrary flite;
    private static volatile LameLibrary lame;
    /** Registered voices by short name. flite keeps one voice object per voice library, process-wide. */
    private static final Map<String, Pointer> VOICES = new ConcurrentHashMap<>();
    /**
     * Strong references to every library whose code or data flite uses. JNA unloads ({@code dlclose})
     * a {@link NativeLibrary} once it is garbage collected: a registered voice whose library was
     * unloaded points into unmapped memory and crashes the JVM at the next synthesis.
     */
    private static final List<NativeLibrary> PINNED = new ArrayList<>();

    private SpeechNatives() {}

    /** Either the loaded value or why it could not be loaded. */
    public record Loaded<T>(T value, String failure) {
        static <T> Loaded<T> ok(T value) {
            return new Loaded<>(value, "");
        }

        static <T> Loaded<T> failed(String failure) {
            return new Loaded<>(null, failure);
        }

        public boolean isLoaded() {
            return value != null;
        }
    }

    public static synchronized Loaded<FliteLibrary> flite() {
        if (flite == null) {
            try {
                // the language and lexicon libraries are DT_NEEDED by every voice, load them up front
                // so that a broken install is reported here, naming the package
                NativeLibrary usenglish = NativeLibrary.getInstance("libflite_usenglish.so.1");
                NativeLibrary cmulex = NativeLibrary.getInstance("libflite_cmulex.so.1");
                FliteLibrary lib = Native.load(FliteLibrary.SONAME, FliteLibrary.class);
                lib.flite_init();
                PINNED.add(usenglish);
                PINNED.add(cmulex);
                flite = lib;
            } catch (LinkageError | RuntimeException e) {
                return Loaded.failed(notInstalled("libflite1", e));
            }
        }
        return Loaded.ok(flite);
    }

    public static synchronized Loaded<LameLibrary> lame() {
        if (lame == null) {
            Loaded<LameLibrary> loaded = load(LameLibrary.SONAME, LameLibrary.class, "libmp3lame0");
            if (!loaded.isLoaded()) {
                return loaded;
            }
            lame = loaded.value();
        }
        return Loaded.ok(lame);
    }

    /**
     * Loads a JNA interface from a library by soname; on failure, the reason names the Debian
     * package {@code pkg} and {@link #INSTALL_COMMAND}.
     */
    public static <T extends com.sun.jna.Library> Loaded<T> load(String soname, Class<T> iface, String pkg) {
        try {
            return Loaded.ok(Native.load(soname, iface));
        } catch (LinkageError | RuntimeException e) {
            return Loaded.failed(notInstalled(pkg, e));
        }
    }

    /**
     * Short voice name: {@code "slt"}, {@code "cmu_us_slt"} and {@code "SLT"} all mean
     * {@code libflite_cmu_us_slt.so.1}.
     */
    public static String shortVoiceName(String voice) {
        String v = voice == null ? "" : voice.trim().toLowerCase(Locale.ROOT);
        return v.startsWith("cmu_us_") ? v.substring("cmu_us_".length()) : v;
    }

    /** Registers (once per process) and returns the voice; flite must have loaded. */
    public static synchronized Loaded<Pointer> voice(String voice) {
        String name = shortVoiceName(voice);
        Pointer known = VOICES.get(name);
        if (known != null) {
            return Loaded.ok(known);
        }
        if (!VOICE_NAME.matcher(name).matches()) {
            return Loaded.failed(unknownVoice(voice));
        }
        NativeLibrary library;
        Function register;
        try {
            library = NativeLibrary.getInstance("libflite_cmu_us_" + name + ".so.1");
            register = library.getFunction("register_cmu_us_" + name);
        } catch (LinkageError | RuntimeException e) {
            return Loaded.failed(KNOWN_VOICES.contains(name) ? notInstalled("libflite1", e) : unknownVoice(voice));
        }
        Pointer vox;
        synchronized (FliteStreamer.FLITE_LOCK) {
            vox = (Pointer) register.invoke(Pointer.class, new Object[] {null}); // voxdir: unused
        }
        if (vox == null) {
            return Loaded.failed("flite could not register voice '" + name + "'");
        }
        PINNED.add(library); // never unloaded: the voice lives as long as the process
        VOICES.put(name, vox);
        return Loaded.ok(vox);
    }

    /** Voices whose library loads here, in {@link #KNOWN_VOICES} order. */
    public static List<String> installedVoices() {
        List<String> out = new ArrayList<>();
        for (String v : KNOWN_VOICES) {
            try {
                NativeLibrary.getInstance("libflite_cmu_us_" + v + ".so.1");
                out.add(v);
            } catch (LinkageError | RuntimeException e) {
                // not installed
            }
        }
        return out;
    }

    private static String unknownVoice(String voice) {
        List<String> installed = installedVoices();
        return "unknown flite voice '" + voice + "'; installed voices: "
                + (installed.isEmpty() ? "none (run `" + INSTALL_COMMAND + "`)" : String.join(", ", installed));
    }

    private static String notInstalled(String pkg, Throwable e) {
        log.debug("{} could not be loaded", pkg, e);
        return pkg + " is not installed: run `" + INSTALL_COMMAND + "`";
    }
}
