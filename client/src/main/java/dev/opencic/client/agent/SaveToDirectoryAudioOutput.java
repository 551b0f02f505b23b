package dev.opencic.client.agent;

import dev.opencic.client.Attachment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link AudioOutput} for devices without a speaker (and for scripts): writes each clip to
 * {@code <directory>/<contentId>.mp3} (or {@code .bin} for other formats) and returns at once, as
 * if it had played instantly.
 */
public final class SaveToDirectoryAudioOutput implements AudioOutput {

    private final Path directory;
    private final Map<String, Path> saved = new ConcurrentHashMap<>();

    /** Saves into {@code directory}, creating it when the first clip arrives. */
    public SaveToDirectoryAudioOutput(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public void play(Attachment audio, String format, String token) throws IOException {
        Files.createDirectories(directory);
        String ext = "AUDIO_MPEG".equals(format) || audio.contentType().contains("mpeg") ? ".mp3" : ".bin";
        Path file = directory.resolve(safe(audio.contentId()) + ext);
        Files.write(file, audio.bytes());
        saved.put(audio.contentId(), file);
    }

    /** Where the clip with this Content-ID was saved, if it was. */
    public Optional<Path> savedPath(String contentId) {
        return Optional.ofNullable(saved.get(contentId));
    }

    /** The directory clips are saved to. */
    public Path directory() {
        return directory;
    }

    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
    }
}
