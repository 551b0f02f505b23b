package dev.opencic.server.skill.music;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaudiotagger.audio.AudioFile;
import org.jaudiotagger.audio.AudioFileIO;
import org.jaudiotagger.audio.AudioHeader;
import org.jaudiotagger.tag.FieldKey;
import org.jaudiotagger.tag.Tag;

/**
 * Reads title, artist, album, genre, track number and duration with jaudiotagger. A file it cannot
 * read (corrupt, truncated, not audio at all) or that has no tags still becomes a track, named
 * after its file: {@code "Artist - Title.mp3"} gives both, anything else the title only.
 */
final class TagReader {

    /** The extensions indexed; jaudiotagger reads tags of all of them. */
    public static final Set<String> FORMATS = Set.of("mp3", "ogg", "oga", "opus", "flac", "m4a", "mp4", "aac", "wav");

    static {
        // jaudiotagger reports every oddity of every file through java.util.logging at WARNING/SEVERE;
        // a library scan would flood the server log. Failures are logged here, once per file.
        Logger.getLogger("org.jaudiotagger").setLevel(Level.OFF);
    }

    private TagReader() {}

    /** The format of a file by its extension, or null when it is not an indexed audio format. */
    public static String formatOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return null;
        }
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return FORMATS.contains(ext) ? ext : null;
    }

    /** The outcome of reading one file: the track, and why its tags were not used, if they were not. */
    public record Result(Track track, String problem) {}

    public static Result read(String id, Path file, String format, long size, long modifiedAt) {
        String title = null;
        String artist = null;
        String album = null;
        String genre = null;
        int trackNumber = 0;
        long durationMs = 0;
        String problem = null;
        try {
            AudioFile audio = AudioFileIO.read(file.toFile());
            AudioHeader header = audio.getAudioHeader();
            if (header != null) {
                durationMs = Math.max(0, Math.round(header.getPreciseTrackLength() * 1000));
            }
            Tag tag = audio.getTag();
            if (tag != null) {
                title = field(tag, FieldKey.TITLE);
                artist = field(tag, FieldKey.ARTIST);
                if (artist == null) {
                    artist = field(tag, FieldKey.ALBUM_ARTIST);
                }
                album = field(tag, FieldKey.ALBUM);
                genre = cleanGenre(field(tag, FieldKey.GENRE));
                trackNumber = parseTrackNumber(field(tag, FieldKey.TRACK));
            }
            if (title == null) {
                problem = "no title tag";
            }
        } catch (Exception | LinkageError e) {
            // CannotReadException, InvalidAudioFrameException, and the odd runtime exception a
            // damaged file provokes inside the library: none may stop the scan.
            problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        boolean tagged = title != null;
        if (!tagged) {
            String base = file.getFileName().toString();
            int dot = base.lastIndexOf('.');
            base = (dot > 0 ? base.substring(0, dot) : base).replace('_', ' ').strip();
            int dash = base.indexOf(" - ");
            if (artist == null && dash > 0 && dash + 3 < base.length()) {
                artist = base.substring(0, dash).strip();
                title = base.substring(dash + 3).strip();
            } else {
                title = base.isEmpty() ? file.getFileName().toString() : base;
            }
        }
        return new Result(new Track(id, file, title, artist, album, genre, trackNumber, durationMs, format, size,
                modifiedAt, tagged), problem);
    }

    private static String field(Tag tag, FieldKey key) {
        try {
            String v = tag.getFirst(key);
            return v == null || v.isBlank() ? null : v.strip();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** ID3v1-style genres come as "(8)" or "(8)Jazz"; keep the words. */
    static String cleanGenre(String genre) {
        if (genre == null) {
            return null;
        }
        String g = genre.replaceAll("^\\(\\d+\\)", "").strip();
        if (g.isEmpty() && genre.matches("\\(?\\d+\\)?")) {
            int n = Integer.parseInt(genre.replaceAll("\\D", ""));
            g = n < ID3V1_GENRES.length ? ID3V1_GENRES[n] : "";
        }
        return g.isEmpty() ? null : g;
    }

    private static final String[] ID3V1_GENRES = {"Blues", "Classic Rock", "Country", "Dance", "Disco", "Funk",
        "Grunge", "Hip-Hop", "Jazz", "Metal", "New Age", "Oldies", "Other", "Pop", "R&B", "Rap", "Reggae", "Rock",
        "Techno", "Industrial", "Alternative", "Ska", "Death Metal", "Pranks", "Soundtrack", "Euro-Techno",
        "Ambient", "Trip-Hop", "Vocal", "Jazz+Funk", "Fusion", "Trance", "Classical", "Instrumental", "Acid",
        "House", "Game", "Sound Clip", "Gospel", "Noise", "Alternative Rock", "Bass", "Soul", "Punk", "Space",
        "Meditative", "Instrumental Pop", "Instrumental Rock", "Ethnic", "Gothic", "Darkwave", "Techno-Industrial",
        "Electronic", "Pop-Folk", "Eurodance", "Dream", "Southern Rock", "Comedy", "Cult", "Gangsta", "Top 40",
        "Christian Rap", "Pop/Funk", "Jungle", "Native American", "Cabaret", "New Wave", "Psychedelic", "Rave",
        "Showtunes", "Trailer", "Lo-Fi", "Tribal", "Acid Punk", "Acid Jazz", "Polka", "Retro", "Musical",
        "Rock & Roll", "Hard Rock"};

    /** "3", "03", "3/12" → 3; anything else → 0. */
    static int parseTrackNumber(String v) {
        if (v == null) {
            return 0;
        }
        String n = v.split("/")[0].strip();
        try {
            int i = Integer.parseInt(n);
            return i > 0 && i < 100_000 ? i : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
