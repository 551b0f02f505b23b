package dev.opencic.server.speech.asr;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Native memory figures for sizing decoders: bytes in use in glibc's malloc heap (all arenas, plus
 * mmapped chunks, from {@code mallinfo2}), which counts exactly what a decoder allocates even when
 * it reuses memory freed earlier, and the process's resident set as a fallback.
 */
final class NativeHeap {

    private NativeHeap() {}

    /** {@code struct mallinfo2} (glibc 2.33+): ten {@code size_t}. */
    @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost"})
    public static class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;
    }

    interface LibC extends Library {
        MallInfo2 mallinfo2();
    }

    private static final LibC LIBC = loadLibc();

    private static LibC loadLibc() {
        try {
            LibC c = Native.load("c", LibC.class);
            c.mallinfo2();
            return c;
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** Bytes allocated with malloc and not freed, or -1 where {@code mallinfo2} is not available. */
    static long mallocInUse() {
        if (LIBC == null) {
            return -1;
        }
        MallInfo2 m = LIBC.mallinfo2();
        return m.uordblks + m.hblkhd;
    }

    /** VmRSS of this process in bytes, or 0 where /proc is not available. */
    static long residentBytes() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String line : lines) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }
}
