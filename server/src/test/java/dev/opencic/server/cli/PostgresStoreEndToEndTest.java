package dev.opencic.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import dev.opencic.server.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real server whose store is PostgreSQL ({@code db-url}): devices' data goes there over HTTP/2,
 * {@code ./cic admin} works against the same database while the server runs, and {@code /healthz}
 * tells a load balancer whether the store answers.
 */
class PostgresStoreEndToEndTest {

    static TestPostgres pg;
    static String dbName;

    // PostgreSQL is asked for when the server starts, so that its absence skips (fails on CI) the class.
    @RegisterExtension
    static final CicServerExtension server = new CicServerExtension(b -> {
        pg = TestPostgres.get();
        dbName = pg.createDatabase("end_to_end");
        b.dbUrl(pg.jdbcUrl(dbName)).dbUser(pg.user()).dbPassword(pg.password()).dbPoolSize(4).asrPoolSize(0);
    });

    static final List<Path> dirs = new ArrayList<>();

    @AfterAll
    static void deleteDirs() {
        dirs.forEach(d -> d.toFile().delete());
    }

    @Test
    void aMemoWrittenOverHttp2IsKeptInPostgresqlAndReadBack() throws Exception {
        try (TestDevice device = server.newDevice()) {
            device.connect();
            StreamedParts created = device.send("Memo", "Created", MessageIds.newId(),
                    TestDevice.payload().put("id", "memo-pg-1").put("content", "water the ficus"));
            assertThat(created.status()).isEqualTo(204);

            StreamedParts got = device.send("Memo", "Get", MessageIds.newId(), TestDevice.payload());
            assertThat(got.status()).isEqualTo(200);
            Directive list = got.next().directive();
            List<String> contents = new ArrayList<>();
            list.payload().path("memo").forEach(m -> contents.add(m.path("content").asText()));
            assertThat(contents).contains("water the ficus");
        }
        // And it is PostgreSQL that holds it, not some file in the data directory.
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(dbName), pg.user(), pg.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT content FROM memos WHERE memo_id = 'memo-pg-1'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("water the ficus");
        }
        assertThat(server.server().config().dataDir().resolve("cic.mv.db")).doesNotExist();
    }

    @Test
    void adminUserAddAgainstPostgresqlCreatesAnAccountTheRunningServerLogsIn() throws Exception {
        // Another data directory: no admin endpoint to go through, so the command opens PostgreSQL itself.
        Path adminDir = Files.createTempDirectory("cic-admin-pg");
        dirs.add(adminDir);
        CliRun added = CliRun.run("a long enough password\n", "admin", "--data-dir", adminDir.toString(),
                "--set", "db-url=" + pg.jdbcUrl(dbName), "--set", "db-user=" + pg.user(),
                "--set", "db-password=" + pg.password(), "user", "add", "bob");
        assertThat(added.err()).isEmpty();
        assertThat(added.code()).isZero();
        assertThat(added.out()).contains("bob");
        assertThat(adminDir.resolve("cic.mv.db")).doesNotExist();

        CicServerExtension.TokenPair token = server.obtainToken("bob", "a long enough password", "bobs-speaker");
        assertThat(token.accessToken()).isNotBlank();
    }

    @Test
    void aWrongPasswordIsOneLineWithoutThePassword() throws Exception {
        Path adminDir = Files.createTempDirectory("cic-admin-pg");
        dirs.add(adminDir);
        CliRun refused = CliRun.run("a long enough password\n", "admin", "--data-dir", adminDir.toString(),
                "--set", "db-url=" + pg.jdbcUrl(dbName), "--set", "db-user=" + pg.user(),
                "--set", "db-password=not-the-password-42", "user", "add", "carol");
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err().lines()).hasSize(1);
        assertThat(refused.err()).startsWith("cic: ").doesNotContain("not-the-password-42").doesNotContain("\tat ");
        assertThat(server.server().auth().accounts().findByUsername("carol")).isEmpty();
    }

    @Test
    void healthzAnswersWithoutATokenAndSaysNothingElse() {
        AggregatedHttpResponse res = WebClient.of(server.baseUri()).get("/healthz").aggregate().join();
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.contentUtf8()).isEqualTo("ok\n");
    }
}
