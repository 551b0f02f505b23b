package dev.opencic.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The data directory and its files are the owner's only, new or left loose by an older version. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class DataDirectoryPermissionsTest {

    @TempDir
    Path parent;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewDatabaseIsOwnerOnly() throws Exception {
        Path dir = parent.resolve("data");
        try (Database db = Database.open(dir)) {
            assertThat(mode(dir)).isEqualTo("rwx------");
            assertThat(mode(dir.resolve("cic.mv.db"))).isEqualTo("rw-------");
        }
    }

    @Test
    void anExistingWorldReadableInstallIsTightenedWhenOpened() throws Exception {
        Path dir = parent.resolve("old-install");
        Database.open(dir).close();
        Files.writeString(dir.resolve("cic.properties"), "port=8080\n");
        Files.createDirectories(dir.resolve("tls"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("tls"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("cic.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir.resolve("cic.properties"), PosixFilePermissions.fromString("rw-rw-r--"));

        try (Database db = Database.open(dir)) {
            assertThat(mode(dir)).isEqualTo("rwx------");
            assertThat(mode(dir.resolve("tls"))).isEqualTo("rwx------");
            assertThat(mode(dir.resolve("cic.mv.db"))).isEqualTo("rw-------");
            assertThat(mode(dir.resolve("cic.properties"))).isEqualTo("rw-------");
        }
    }

    @Test
    void aSecretFileIsOwnerOnlyFromItsCreation() throws Exception {
        OwnerOnlyFiles.secureDirectory(parent.resolve("d"));
        Path secret = parent.resolve("d/admin.secret");
        OwnerOnlyFiles.writeSecret(secret, "s3cret".getBytes());
        assertThat(mode(secret)).isEqualTo("rw-------");
        assertThat(Files.readString(secret)).isEqualTo("s3cret");
    }
}
