package dev.opencic.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory holds the database, the TLS key and the admin secret: only the account the
 * server runs as may read it. Directories become 0700 and files 0600, including those an older
 * version left world-readable (an existing install is tightened when the server or an admin
 * command opens it). On a file system without POSIX permissions this does nothing.
 */
public final class OwnerOnlyFiles {

    private static final Logger log = LoggerFactory.getLogger(OwnerOnlyFiles.class);
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {}

    /**
     * Creates {@code dir} if needed and makes it and every file directly in it owner-only
     * (subdirectories such as a music cache keep their files but lose group and other access too).
     */
    public static Path secureDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            if (!posix(dir)) {
                return dir;
            }
            restrict(dir, DIRECTORY);
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path entry : (Iterable<Path>) entries::iterator) {
                    if (Files.isSymbolicLink(entry)) {
                        continue; // never follow a link out of the data directory
                    }
                    restrict(entry, Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY : FILE);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make data directory " + dir + " owner-only", e);
        }
    }

    /** Makes one file owner-only (0600), if it exists. */
    public static void secureFile(Path file) {
        try {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && posix(file)) {
                restrict(file, FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + file + " owner-only", e);
        }
    }

    /** Writes {@code content} to a file that is owner-only from its creation, replacing any earlier one. */
    public static void writeSecret(Path file, byte[] content) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            if (posix(file.getParent())) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(FILE));
            }
            Files.write(tmp, content);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                       java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static boolean posix(Path p) {
        return Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS) != null;
    }

    private static void restrict(Path p, Set<PosixFilePermission> wanted) throws IOException {
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        if (!now.equals(wanted)) {
            Files.setPosixFilePermissions(p, wanted);
            log.info("event=PermissionsTightened path={} from={} to={}", p.getFileName(),
                     PosixFilePermissions.toString(now), PosixFilePermissions.toString(wanted));
        }
    }
}
