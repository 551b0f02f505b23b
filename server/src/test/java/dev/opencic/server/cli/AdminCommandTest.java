package dev.opencic.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.MessageCodec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin command-line contract scripts depend on. */
class AdminCommandTest {

    @TempDir
    Path dataDir;

    CliRun run(String stdin, String... args) {
        return CliRun.run(stdin, args);
    }

    @Test
    void clientAddPrintsOneJsonLineWithIdAndSecret() throws Exception {
        CliRun r = run("", "admin", "--data-dir", dataDir.toString(), "client", "add", "kitchen-speaker");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines()).hasSize(1);
        JsonNode json = MessageCodec.mapper().readTree(r.out());
        assertThat(json.get("client_id").asText()).isNotBlank();
        assertThat(json.get("client_secret").asText()).hasSizeGreaterThan(30);
    }

    @Test
    void userAddReadsThePasswordFromStdinAndRefusesDuplicatesInOneLine() {
        CliRun first = run("correct horse battery\n", "admin", "--data-dir", dataDir.toString(), "user", "add", "bob");
        assertThat(first.code()).isZero();
        assertThat(first.out()).contains("bob");
        assertThat(first.out()).doesNotContain("correct horse");
        CliRun again = run("another password\n", "admin", "--data-dir", dataDir.toString(), "user", "add", "bob");
        assertThat(again.code()).isNotZero();
        assertThat(again.err().lines()).hasSize(1);
        assertThat(again.err()).startsWith("cic: ").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void userGrantAdminMakesAnAccountAConsoleAdministratorOnce() throws Exception {
        String dir = dataDir.toString();
        assertThat(run("correct horse battery\n", "admin", "--data-dir", dir, "user", "add", "gina").code()).isZero();
        CliRun granted = run("", "admin", "--data-dir", dir, "user", "grant-admin", "gina");
        assertThat(granted.code()).isZero();
        assertThat(granted.out()).isEqualTo("gina is now an administrator\n");
        assertThat(run("", "admin", "--data-dir", dir, "user", "grant-admin", "gina").out())
                .isEqualTo("gina was already an administrator\n");
        CliRun nobody = run("", "admin", "--data-dir", dir, "user", "grant-admin", "nobody");
        assertThat(nobody.code()).isNotZero();
        assertThat(nobody.err()).contains("nobody").doesNotContain("Exception");
        try (var db = dev.opencic.server.store.Database.open(dataDir)) {
            var auth = dev.opencic.server.auth.AuthModule.builder(db).build();
            String gina = auth.accounts().findByUsername("gina").orElseThrow().accountId();
            assertThat(auth.roles().isAdmin(gina)).isTrue();
        }
    }

    @Test
    void clientListRotateSecretAndDelete() throws Exception {
        String dir = dataDir.toString();
        JsonNode added = MessageCodec.mapper().readTree(run("", "admin", "--data-dir", dir, "client", "add", "hall").out());
        String id = added.get("client_id").asText();
        assertThat(run("", "admin", "--data-dir", dir, "client", "list").out()).startsWith(id + "\thall\t");
        CliRun rotated = run("", "admin", "--data-dir", dir, "client", "rotate-secret", id);
        assertThat(rotated.code()).isZero();
        JsonNode json = MessageCodec.mapper().readTree(rotated.out());
        assertThat(json.get("client_id").asText()).isEqualTo(id);
        assertThat(json.get("client_secret").asText()).isNotEqualTo(added.get("client_secret").asText());
        try (var db = dev.opencic.server.store.Database.open(dataDir)) {
            var clients = dev.opencic.server.auth.AuthModule.builder(db).build().clients();
            assertThat(clients.authenticate(id, json.get("client_secret").asText()).clientId()).isEqualTo(id);
        }
        assertThat(run("", "admin", "--data-dir", dir, "client", "delete", id).out())
                .isEqualTo("client " + id + " deleted; 0 devices signed out\n");
        assertThat(run("", "admin", "--data-dir", dir, "client", "list").out()).isEqualTo("no clients\n");
        CliRun again = run("", "admin", "--data-dir", dir, "client", "delete", id);
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.out()).isEmpty(); // the reason goes to the process's stderr (AdminResult.err)
        assertThat(run("", "admin", "--data-dir", dir, "client", "rotate-secret", id).code()).isEqualTo(1);
    }

    @Test
    void userRevokeAdminNeverTakesTheLastAdministrator() throws Exception {
        String dir = dataDir.toString();
        for (String name : new String[] {"hana", "ivan"}) {
            assertThat(run("correct horse battery\n", "admin", "--data-dir", dir, "user", "add", name).code()).isZero();
            assertThat(run("", "admin", "--data-dir", dir, "user", "grant-admin", name).code()).isZero();
        }
        assertThat(run("", "admin", "--data-dir", dir, "user", "revoke-admin", "ivan").out())
                .isEqualTo("ivan is no longer an administrator\n");
        assertThat(run("", "admin", "--data-dir", dir, "user", "revoke-admin", "ivan").out())
                .isEqualTo("ivan was not an administrator\n");
        CliRun last = run("", "admin", "--data-dir", dir, "user", "revoke-admin", "hana");
        assertThat(last.code()).isEqualTo(1);
        assertThat(last.out()).isEmpty();
        try (var db = dev.opencic.server.store.Database.open(dataDir)) {
            var auth = dev.opencic.server.auth.AuthModule.builder(db).build();
            assertThat(auth.roles().isAdmin(auth.accounts().findByUsername("hana").orElseThrow().accountId())).isTrue();
        }
    }

    @Test
    void aShortPasswordOrEmptyStdinIsRefusedClearly() {
        CliRun shortPw = run("short\n", "admin", "--data-dir", dataDir.toString(), "user", "add", "carol");
        assertThat(shortPw.code()).isNotZero();
        assertThat(shortPw.err()).contains("password");
        CliRun none = run("", "admin", "--data-dir", dataDir.toString(), "user", "add", "dave");
        assertThat(none.code()).isNotZero();
        assertThat(none.err()).contains("no password");
    }

    @Test
    void placeSetShowAndClearKeepOnePlacePerAccount() {
        String dir = dataDir.toString();
        assertThat(run("correct horse battery\n", "admin", "--data-dir", dir, "user", "add", "erin").code()).isZero();
        CliRun set = run("", "admin", "--data-dir", dir, "place", "set", "erin", "--name", "Lyon",
                "--latitude", "45.75", "--longitude", "4.85");
        assertThat(set.code()).isZero();
        assertThat(run("", "admin", "--data-dir", dir, "place", "set", "erin", "--name", "Paris",
                "--latitude", "48.8566", "--longitude", "2.3522").code()).isZero();
        assertThat(run("", "admin", "--data-dir", dir, "place", "show", "erin").out().strip())
                .isEqualTo("Paris (48.8566, 2.3522)");
        assertThat(run("", "admin", "--data-dir", dir, "place", "clear", "erin").out()).contains("cleared");
        assertThat(run("", "admin", "--data-dir", dir, "place", "show", "erin").out()).contains("no place saved");
    }

    @Test
    void placeSetRefusesUnknownUsersAndImpossibleCoordinatesInOneLine() {
        String dir = dataDir.toString();
        assertThat(run("correct horse battery\n", "admin", "--data-dir", dir, "user", "add", "fred").code()).isZero();
        CliRun nobody = run("", "admin", "--data-dir", dir, "place", "set", "nobody", "--name", "X",
                "--latitude", "1", "--longitude", "1");
        assertThat(nobody.code()).isNotZero();
        assertThat(nobody.err().strip()).isEqualTo("cic: no such user: nobody");
        CliRun far = run("", "admin", "--data-dir", dir, "place", "set", "fred", "--name", "X",
                "--latitude", "91", "--longitude", "1");
        assertThat(far.code()).isNotZero();
        assertThat(far.err()).startsWith("cic: latitude: 91.0").doesNotContain("\tat ");
    }
}
