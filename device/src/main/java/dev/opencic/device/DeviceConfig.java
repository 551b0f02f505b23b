package dev.opencic.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.client.FileTokenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A device's state directory ({@code --config-dir}, default {@code ~/.config/cic-device}): {@code
 * device.json} (server URL, client id and secret, device id, model id) and {@code tokens.json}
 * (the SDK's {@link FileTokenStore}). The directory is {@code rwx------}, the files {@code
 * rw-------}, so several devices can live side by side under one user without sharing secrets.
 */
final class DeviceConfig {

    static final String DEFAULT_MODEL_ID = "opencic-reference-device";
    private static final Set<PosixFilePermission> DIR_PERMS = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_PERMS = PosixFilePermissions.fromString("rw-------");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What {@code device.json} holds. {@code caCert} is a PEM file to trust for an {@code https://}
     * server with a certificate the JVM does not trust (the server's self-signed one), or null.
     */
    record Settings(String serverUrl, String clientId, String clientSecret, String deviceId, String modelId,
                    String caCert) {
        Settings {
            Objects.requireNonNull(serverUrl, "serverUrl");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(modelId, "modelId");
        }
    }

    private final Path dir;

    DeviceConfig(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    /** {@code ~/.config/cic-device}. */
    static Path defaultDir() {
        return Path.of(System.getProperty("user.home"), ".config", "cic-device");
    }

    Path dir() {
        return dir;
    }

    Path settingsFile() {
        return dir.resolve("device.json");
    }

    Path tokenFile() {
        return dir.resolve("tokens.json");
    }

    FileTokenStore tokenStore() {
        return new FileTokenStore(tokenFile());
    }

    /** Creates the directory owner-only, and tightens it if it already existed. */
    void ensureDir() throws IOException {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_PERMS));
            } else {
                Files.createDirectories(dir);
            }
        }
        if (posix) {
            Files.setPosixFilePermissions(dir, DIR_PERMS);
        }
    }

    /** The saved settings, or null when this directory never saw a login. */
    Settings load() throws IOException {
        Path f = settingsFile();
        if (!Files.exists(f)) {
            return null;
        }
        JsonNode n;
        try {
            n = JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new IOException(f + " is not valid JSON: " + DeviceException.oneLine(e.getMessage()), e);
        }
        try {
            return new Settings(text(n, "server"), text(n, "client_id"), text(n, "client_secret"),
                    text(n, "device_id"), n.path("model_id").asText(DEFAULT_MODEL_ID),
                    n.hasNonNull("ca_cert") ? n.get("ca_cert").asText() : null);
        } catch (IllegalArgumentException e) {
            throw new IOException(f + ": " + e.getMessage(), e);
        }
    }

    /** The device id to use: the saved one (generated once, at the first login), else a new UUID. */
    String deviceIdOrNew() throws IOException {
        Settings s = load();
        return s != null ? s.deviceId() : UUID.randomUUID().toString();
    }

    void save(Settings s) throws IOException {
        ensureDir();
        ObjectNode n = JSON.createObjectNode();
        n.put("server", s.serverUrl());
        n.put("client_id", s.clientId());
        n.put("client_secret", s.clientSecret());
        n.put("device_id", s.deviceId());
        n.put("model_id", s.modelId());
        if (s.caCert() != null) {
            n.put("ca_cert", s.caCert());
        }
        Path f = settingsFile();
        Path tmp = dir.resolve(".device.json.tmp");
        Files.deleteIfExists(tmp);
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(FILE_PERMS));
        }
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
        Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("missing field " + field);
        }
        return v.asText();
    }
}
