package dev.opencic.server.skill.music;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracks in the music folders: scanned into the database at start and again on every
 * {@link #scan()}, and searched from an in-memory snapshot that each scan replaces. A scan reads
 * the tags of new and changed files only (by size and modification time) and drops the rows of
 * files that are gone. Thread-safe: scans are serialised, searches read the current snapshot.
 */
public final class MusicLibrary {

    private static final Logger log = LoggerFactory.getLogger(MusicLibrary.class);

    private final List<Path> roots;
    private final TrackRepository repository;
    private volatile MusicSearch search = new MusicSearch(List.of());
    private final java.util.Set<Path> missing = new java.util.HashSet<>(); // guarded by this (scan)

    public MusicLibrary(List<Path> roots, TrackRepository repository) {
        this.roots = List.copyOf(roots);
        this.repository = repository;
    }

    public List<Path> roots() {
        return roots;
    }

    /** What one scan did. */
    public record ScanReport(int tracks, int added, int updated, int removed, int untagged, long millis) {}

    /** Brings the index up to date with the folders and replaces the search snapshot. */
    public synchronized ScanReport scan() {
        long start = System.nanoTime();
        Map<String, Track> indexed = new HashMap<>();
        for (Track t : repository.findAll()) {
            indexed.put(t.id(), t);
        }
        Map<String, Track> found = new HashMap<>();
        List<Track> changed = new ArrayList<>();
        int added = 0;
        int untagged = 0;
        for (Path root : roots) {
            for (FileEntry f : walk(root)) {
                String id = idOf(f.path());
                if (found.containsKey(id)) {
                    continue; // the same file under two configured folders
                }
                Track known = indexed.get(id);
                Track track;
                if (known != null && known.sizeBytes() == f.size() && known.modifiedAt() == f.modifiedAt()) {
                    track = known;
                } else {
                    TagReader.Result r = TagReader.read(id, f.path(), f.format(), f.size(), f.modifiedAt());
                    if (r.problem() != null) {
                        log.info("event=TrackIndexedByFileName path=\"{}\" reason=\"{}\"", f.path(), r.problem());
                    }
                    track = r.track();
                    changed.add(track);
                    if (known == null) {
                        added++;
                    }
                }
                if (!track.tagged()) {
                    untagged++;
                }
                found.put(id, track);
            }
        }
        List<String> gone = indexed.keySet().stream().filter(id -> !found.containsKey(id)).toList();
        repository.upsert(changed);
        repository.delete(gone);
        search = new MusicSearch(List.copyOf(found.values()));
        ScanReport report = new ScanReport(found.size(), added, changed.size() - added, gone.size(), untagged,
                (System.nanoTime() - start) / 1_000_000);
        if (report.added() + report.updated() + report.removed() > 0) {
            log.info("event=MusicLibraryScanned tracks={} added={} updated={} removed={} untagged={} ms={}",
                    report.tracks(), report.added(), report.updated(), report.removed(), report.untagged(),
                    report.millis());
        }
        return report;
    }

    /** Loads the snapshot from the database without touching the folders (fast start). */
    public synchronized void loadIndex() {
        search = new MusicSearch(repository.findAll());
    }

    public int size() {
        return search.tracks().size();
    }

    public Optional<Track> track(String id) {
        return search.byId(id);
    }

    public List<Track> tracks() {
        return search.tracks();
    }

    public MusicSearch.Result search(String query, MusicSearch.Field hint) {
        return search.search(query, hint);
    }

    private record FileEntry(Path path, String format, long size, long modifiedAt) {}

    private List<FileEntry> walk(Path root) {
        List<FileEntry> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            // Once per disappearance, not at every rescan.
            if (missing.add(root)) {
                log.warn("event=MusicFolderMissing path=\"{}\"", root.toAbsolutePath());
            }
            return out;
        }
        missing.remove(root);
        try {
            Files.walkFileTree(root.toAbsolutePath().normalize(), EnumSet.of(FileVisitOption.FOLLOW_LINKS), 32,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            String format = attrs.isRegularFile() ? TagReader.formatOf(file) : null;
                            if (format != null && !file.getFileName().toString().startsWith(".")) {
                                out.add(new FileEntry(file, format, attrs.size(), attrs.lastModifiedTime().toMillis()));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            // An unreadable entry (permissions, a link loop) costs that entry only.
                            log.warn("event=MusicFileSkipped path=\"{}\" cause=\"{}\"", file, e.toString());
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            log.warn("event=MusicFolderUnreadable path=\"{}\" cause=\"{}\"", root, e.toString());
        }
        return out;
    }

    /** A stable id for a file: the first 16 bytes of the SHA-256 of its absolute path, in hex. */
    public static String idOf(Path path) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(path.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
