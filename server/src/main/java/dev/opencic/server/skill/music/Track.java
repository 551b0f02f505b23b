package dev.opencic.server.skill.music;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One audio file of the music library. {@code artist}, {@code album} and {@code genre} are null
 * when the file does not say; {@code title} always has a value (the file name when the tags have
 * none). {@code trackNumber} is 0 when unknown, {@code durationMs} 0 when the file could not be
 * decoded.
 */
public record Track(String id, Path path, String title, String artist, String album, String genre,
                    int trackNumber, long durationMs, String format, long sizeBytes, long modifiedAt,
                    boolean tagged) {
    public Track {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(format, "format");
    }

    /** "Blue in Green by Miles Davis", or the title alone when the artist is unknown. */
    public String spokenName() {
        return artist == null ? title : title + " by " + artist;
    }

    /** The MIME type the stream is served with. */
    public String mediaType() {
        return switch (format) {
            case "mp3" -> "audio/mpeg";
            case "ogg", "oga" -> "audio/ogg";
            case "opus" -> "audio/ogg; codecs=opus";
            case "flac" -> "audio/flac";
            case "m4a", "mp4", "aac" -> "audio/mp4";
            case "wav" -> "audio/wav";
            default -> "application/octet-stream";
        };
    }
}
