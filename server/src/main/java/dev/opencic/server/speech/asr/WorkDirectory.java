package dev.opencic.server.speech.asr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the engine writes the files it prepares at start (the domain trigram, the search
 * dictionary): the configured data directory, kept, or else a temporary directory that
 * {@link #close()} deletes with those files.
 */
final class WorkDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PocketSphinxEngine.class);

    private final Path configured;
    private final List<Path> written = new ArrayList<>();
    private Path dir;
    private boolean temporary;

    /** {@code configured} may be null: a temporary directory then. Nothing is created yet. */
    WorkDirectory(Path configured) {
        this.configured = configured;
    }

    /** Creates the directory (once) and returns it. */
    Path directory() throws IOException {
        if (dir == null) {
            if (configured == null) {
                dir = Files.createTempDirectory("opencic-asr");
                temporary = true;
            } else {
                dir = Files.createDirectories(configured);
            }
        }
        return dir;
    }

    /** The path of a file the engine is about to write there. */
    Path file(String name) throws IOException {
        Path p = directory().resolve(name);
        written.add(p);
        return p;
    }

    /** Deletes a temporary directory and the files written to it; a configured one is kept. */
    @Override
    public void close() {
        if (!temporary) {
            return;
        }
        try {
            for (Path p : written) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            log.debug("could not delete {}", dir, e);
        }
    }
}
