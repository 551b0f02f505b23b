package dev.opencic.server.speech.asr;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads libpocketsphinx and libsphinxbase by soname, once per process. Failures are reported as
 * text naming the apt-get command (never thrown) and are not cached, so installing the packages and
 * building a new engine works without a restart.
 */
final class PocketSphinxNatives {

    /** Installs the runtime libraries and the US-English model (Debian/Ubuntu). */
    static final String INSTALL_COMMAND = "apt-get install -y libpocketsphinx3 libsphinxbase3 pocketsphinx-en-us";

    private static final Logger log = LoggerFactory.getLogger(PocketSphinxNatives.class);

    /**
     * Strong references to the loaded libraries: JNA unloads ({@code dlclose}) a {@link NativeLibrary}
     * once it is garbage collected, and live decoders point into their code and data.
     */
    private static final List<NativeLibrary> PINNED = new ArrayList<>();

    private static PocketSphinxLibrary pocketsphinx;
    private static SphinxBaseLibrary sphinxbase;
    private static boolean logRedirected;

    private PocketSphinxNatives() {}

    /** Both libraries, or a failure message. */
    record Loaded(PocketSphinxLibrary ps, SphinxBaseLibrary sb, String failure) {
        boolean isLoaded() {
            return ps != null;
        }
    }

    static synchronized Loaded load() {
        if (pocketsphinx == null) {
            try {
                NativeLibrary base = NativeLibrary.getInstance(SphinxBaseLibrary.SONAME);
                NativeLibrary ps = NativeLibrary.getInstance(PocketSphinxLibrary.SONAME);
                SphinxBaseLibrary sb = Native.load(SphinxBaseLibrary.SONAME, SphinxBaseLibrary.class);
                PocketSphinxLibrary p = Native.load(PocketSphinxLibrary.SONAME, PocketSphinxLibrary.class);
                PINNED.add(base);
                PINNED.add(ps);
                sphinxbase = sb;
                pocketsphinx = p;
            } catch (LinkageError | RuntimeException e) {
                log.debug("pocketsphinx could not be loaded", e);
                return new Loaded(null, null,
                        "libpocketsphinx3 is not installed (" + e.getMessage() + "): run `" + INSTALL_COMMAND + "`");
            }
        }
        return new Loaded(pocketsphinx, sphinxbase, "");
    }

    /**
     * Sends sphinxbase's process-wide log to {@code path}, once per process. Done here rather than
     * with {@code -logfn}: every {@code ps_init} with {@code -logfn} reopens the log and closes the
     * previous file while other decoders may be writing to it.
     */
    static synchronized void redirectLog(SphinxBaseLibrary sb, String path) {
        if (!logRedirected) {
            if (sb.err_set_logfile(path) != 0) {
                log.warn("could not send the pocketsphinx log to {}", path);
            }
            logRedirected = true;
        }
    }
}
