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
 * server runs as may read it. The directory becomes 0700 and its entries lose group and other
 * access (the database and key files 0600), including those an older version left world-readable (an existing install is tightened when the server or an admin
 * command opens it). On a file system without POSIX permissions this does nothing.
 */
public final class OwnerOnlyFiles {

    private static final Logger log = LoggerFactory.getLogger(OwnerOnlyFiles.class);
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {}

    /**
     * Creates {@code dir} if needed and makes it 0700, and takes group and other access from every
     * entry directly in it (files the server creates there are 0600 then; subdirectories keep their
     * contents as they are, unreachable for others through the 0700 directory).
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
                    dropGroupAndOthers(entry);
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

    /**
     * Takes group and other access away and leaves the owner's bits alone: a data directory that
     * happens to hold other things (a script, a music folder) keeps them usable by its owner.
     */
    private static void dropGroupAndOthers(Path p) throws IOException {
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> owner = java.util.EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission perm : now) {
            if (perm.name().startsWith("OWNER_")) {
                owner.add(perm);
            }
        }
        restrict(p, owner);
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
