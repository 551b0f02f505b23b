package dev.opencic.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.store.Database;
import dev.opencic.server.store.JdbcAccountRepository;
import dev.opencic.server.store.JdbcTimeZoneRepository;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cic admin user timezone}: the zone an account's devices, or one device, answer in. */
class TimeZoneAdminTest {

    @TempDir
    Path dataDir;

    int run(String... args) {
        InputStream oldIn = System.in;
        try {
            System.setIn(new ByteArrayInputStream("a long enough password\n".getBytes(StandardCharsets.UTF_8)));
            return Main.commandLine().execute(args);
        } finally {
            System.setIn(oldIn);
        }
    }

    @Test
    void anAccountAndOneOfItsDevicesGetTheirZones() throws Exception {
        String dir = dataDir.toString();
        assertThat(run("admin", "--data-dir", dir, "user", "add", "carol")).isZero();
        assertThat(run("admin", "--data-dir", dir, "user", "timezone", "carol", "Europe/Paris")).isZero();
        assertThat(run("admin", "--data-dir", dir, "user", "timezone", "carol", "Asia/Tokyo", "--device", "kitchen"))
                .isZero();

        assertThat(run("admin", "--data-dir", dir, "user", "timezone", "carol", "Mars/Olympus")).isEqualTo(2);
        assertThat(run("admin", "--data-dir", dir, "user", "timezone", "nobody", "Europe/Paris")).isEqualTo(1);

        try (Database db = Database.open(dataDir)) {
            String account = new JdbcAccountRepository(db.jdbi()).findByUsername("carol").orElseThrow().accountId();
            JdbcTimeZoneRepository zones = new JdbcTimeZoneRepository(db.jdbi());
            assertThat(zones.find(account, "kitchen")).contains(ZoneId.of("Asia/Tokyo"));
            assertThat(zones.find(account, "bedroom")).contains(ZoneId.of("Europe/Paris"));
            assertThat(zones.find("someone-else", "kitchen")).isEmpty();
        }
    }
}
