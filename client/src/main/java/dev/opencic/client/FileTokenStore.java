package dev.opencic.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.MessageCodec;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link TokenStore} keeping the tokens as a small JSON file readable and writable by its owner
 * only ({@code rw-------}). A save writes a temporary file with those permissions in the same
 * directory and moves it over the old one atomically, so a crash never leaves half a file and the
 * secret is never readable by others, not even for a moment.
 */
public final class FileTokenStore implements TokenStore {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;

    /** A store in {@code file}; its parent directory is created on the first save if missing. */
    public FileTokenStore(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    /** The file this store writes. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized Optional<Tokens> load() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode n = MessageCodec.mapper().readTree(file.toFile());
        try {
            return Optional.of(new Tokens(n.get("access_token").asText(), n.get("refresh_token").asText(),
                    n.path("token_type").asText("Bearer"), Duration.ofSeconds(n.get("expires_in").asLong()),
                    Instant.parse(n.get("obtained_at").asText())));
        } catch (RuntimeException e) {
            throw new IOException("token file " + file + " is not valid: " + e, e);
        }
    }

    @Override
    public synchronized void save(Tokens tokens) throws IOException {
        Objects.requireNonNull(tokens, "tokens");
        ObjectNode n = MessageCodec.mapper().createObjectNode();
        n.put("access_token", tokens.accessToken());
        n.put("refresh_token", tokens.refreshToken());
        n.put("token_type", tokens.tokenType());
        n.put("expires_in", tokens.expiresIn().toSeconds());
        n.put("obtained_at", tokens.obtainedAt().toString());
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = createOwnerOnly(dir);
        try {
            Files.write(tmp, MessageCodec.toBytes(n));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public synchronized void clear() throws IOException {
        Files.deleteIfExists(file);
    }

    private Path createOwnerOnly(Path dir) throws IOException {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        for (int i = 0; ; i++) {
            Path tmp = dir.resolve("." + file.getFileName() + ".tmp" + (i == 0 ? "" : "-" + i));
            try {
                return posix
                        ? Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                        : Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (i > 10) {
                    throw e;
                }
                // a stale temporary file from a crash: try another name, then remove the stale one
                Files.deleteIfExists(tmp);
            }
        }
    }

    @Override
    public String toString() {
        return "FileTokenStore[" + file + "]";
    }
}
