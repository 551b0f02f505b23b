package dev.opencic.server.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes small tagged music files for tests: sine tones encoded to MP3 by the {@code lame} command
 * and to Ogg Vorbis by {@code oggenc} (Debian packages {@code lame} and {@code vorbis-tools}), with
 * title, artist, album, genre and track number tags. No recorded music, so nothing to license.
 */
public final class ToneLibrary {

    /** One file to make; null tags are left out. */
    public record Song(String file, String title, String artist, String album, String genre, int track,
                       double seconds, double hz) {}

    private ToneLibrary() {}

    public static boolean hasLame() {
        return onPath("lame");
    }

    public static boolean hasOggenc() {
        return onPath("oggenc");
    }

    /** Writes each song under {@code dir} (".mp3" files with lame, ".ogg" with oggenc). */
    public static List<Path> write(Path dir, List<Song> songs) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (Song s : songs) {
            Path target = dir.resolve(s.file());
            Files.createDirectories(target.getParent());
            Path wav = Files.createTempFile(dir, "tone", ".wav");
            try {
                writeWav(wav, s.seconds(), s.hz());
                List<String> cmd = new ArrayList<>();
                if (s.file().endsWith(".ogg")) {
                    cmd.addAll(List.of("oggenc", "-Q", "-q", "0"));
                    tag(cmd, "-t", s.title());
                    tag(cmd, "-a", s.artist());
                    tag(cmd, "-l", s.album());
                    tag(cmd, "-G", s.genre());
                    tag(cmd, "-N", s.track() > 0 ? Integer.toString(s.track()) : null);
                    cmd.addAll(List.of("-o", target.toString(), wav.toString()));
                } else {
                    cmd.addAll(List.of("lame", "--quiet", "-b", "128"));
                    if (s.title() != null || s.artist() != null) {
                        cmd.add("--add-id3v2");
                    }
                    tag(cmd, "--tt", s.title());
                    tag(cmd, "--ta", s.artist());
                    tag(cmd, "--tl", s.album());
                    tag(cmd, "--tg", s.genre());
                    tag(cmd, "--tn", s.track() > 0 ? Integer.toString(s.track()) : null);
                    cmd.addAll(List.of(wav.toString(), target.toString()));
                }
                run(cmd);
            } finally {
                Files.deleteIfExists(wav);
            }
            out.add(target);
        }
        return out;
    }

    private static void tag(List<String> cmd, String flag, String value) {
        if (value != null) {
            cmd.add(flag);
            cmd.add(value);
        }
    }

    /** 16-bit mono 22.05 kHz PCM of a sine tone that fades in and out. */
    static void writeWav(Path file, double seconds, double hz) throws IOException {
        int rate = 22050;
        int n = (int) (seconds * rate);
        ByteBuffer b = ByteBuffer.allocate(44 + n * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + n * 2).put("WAVE".getBytes())
         .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
         .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
         .put("data".getBytes()).putInt(n * 2);
        for (int i = 0; i < n; i++) {
            double envelope = Math.min(1.0, Math.min(i, n - i) / (rate * 0.05));
            b.putShort((short) (Math.sin(2 * Math.PI * hz * i / rate) * 8000 * envelope));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(b.array());
        }
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(cmd.get(0) + " failed: " + new String(output));
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
