package dev.opencic.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.store.Database;
import dev.opencic.server.store.DatabaseCopy;
import dev.opencic.server.testing.ServerProcess;
import dev.opencic.server.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cic admin migrate --from-data-dir DIR --set db-url=...}: a single node's H2 database copied
 * into PostgreSQL, every table and every value (NULLs, booleans, doubles, bytes, timestamps), and a
 * second run refused because the target is no longer empty.
 */
class MigrateCommandTest {

    /** The tables this test puts rows in (a table a later migration adds is copied and compared empty). */
    static final List<String> SEEDED = List.of("accounts", "clients", "account_sessions", "authorization_codes",
            "device_tokens", "music_tracks", "alerts", "time_zones", "memos", "schedules", "reminders",
            "scheduled_tasks", "saved_places");

    @TempDir
    Path dataDir;

    TestPostgres pg;

    @BeforeEach
    void postgres() {
        pg = TestPostgres.get();
    }

    @Test
    void everyTableIsCopiedValueForValueAndANonEmptyTargetIsRefused() throws Exception {
        String pass = "correct horse battery\n";
        String dir = dataDir.toString();
        assertThat(CliRun.run(pass, "admin", "--data-dir", dir, "user", "add", "alice").code()).isZero();
        assertThat(CliRun.run("", "admin", "--data-dir", dir, "client", "add", "speaker").code()).isZero();
        assertThat(CliRun.run("", "admin", "--data-dir", dir, "place", "set", "alice", "--name", "Lyon",
                "--latitude", "45.75", "--longitude", "4.85").code()).isZero();
        try (Database h2 = Database.open(dataDir)) {
            seedEveryOtherTable(h2);
        }
        String db = pg.createDatabase("migrate");
        String[] target = {"--set", "db-url=" + pg.jdbcUrl(db), "--set", "db-user=" + pg.user(),
                           "--set", "db-password=" + pg.password()};

        CliRun migrated = CliRun.run("", concat(new String[] {"admin", "migrate", "--from-data-dir", dir}, target));
        assertThat(migrated.err()).isEmpty();
        assertThat(migrated.code()).isZero();
        assertThat(migrated.out()).contains("accounts: 1").contains("scheduled_tasks: 2").contains("copied ")
                .doesNotContain(pg.password());

        Map<String, List<String>> before;
        try (Database h2 = Database.open(dataDir)) {
            before = contents(h2);
            // Parents first, as the foreign keys say (copying a child first would fail on its key).
            List<String> order = DatabaseCopy.tablesInCopyOrder(h2);
            assertThat(order).containsAll(SEEDED).doesNotContain("flyway_schema_history");
            assertThat(order.indexOf("accounts")).isLessThan(order.indexOf("saved_places"))
                    .isLessThan(order.indexOf("device_tokens")).isLessThan(order.indexOf("account_sessions"));
            assertThat(order.indexOf("clients")).isLessThan(order.indexOf("authorization_codes"));
        }
        SEEDED.forEach(table -> assertThat(before.get(table)).as(table + " seeded").isNotEmpty());
        try (Database copy = Database.postgres(pg.jdbcUrl(db), pg.user(), pg.password(), 2)) {
            assertThat(contents(copy)).isEqualTo(before);
        }

        CliRun again = CliRun.run("", concat(new String[] {"admin", "migrate", "--from-data-dir", dir}, target));
        assertThat(again.code()).isNotZero();
        assertThat(again.err().strip()).isEqualTo("cic: the target database is not empty (table accounts has 1 rows);"
                + " migrate copies into an empty database only");
        try (Database copy = Database.postgres(pg.jdbcUrl(db), pg.user(), pg.password(), 2)) {
            assertThat(contents(copy)).isEqualTo(before);
        }
    }

    @Test
    void withoutAPostgresqlTargetOrAnH2SourceItSaysWhatIsMissing() {
        CliRun noTarget = CliRun.run("", "admin", "migrate", "--from-data-dir", dataDir.toString());
        assertThat(noTarget.code()).isNotZero();
        assertThat(noTarget.err()).startsWith("cic: migrate copies into PostgreSQL: give --set db-url=");

        CliRun noSource = CliRun.run("", "admin", "migrate", "--from-data-dir", dataDir.resolve("nothing").toString(),
                "--set", "db-url=" + pg.jdbcUrl("postgres"), "--set", "db-user=" + pg.user());
        assertThat(noSource.code()).isNotZero();
        assertThat(noSource.err()).startsWith("cic: no H2 database in ").contains("cic.mv.db is missing");
    }

    @Test
    void aDataDirectoryInUseByARunningServerIsRefusedAndNothingIsCopied() throws Exception {
        String db = pg.createDatabase("migrate_busy");
        ServerProcess.seed(dataDir);
        // Another process, as in real life (in this JVM H2 would share the open database instead).
        try (ServerProcess running = ServerProcess.start(dataDir)) {
            CliRun refused = CliRun.run("", "admin", "migrate", "--from-data-dir", dataDir.toString(),
                    "--set", "db-url=" + pg.jdbcUrl(db), "--set", "db-user=" + pg.user(),
                    "--set", "db-password=" + pg.password());
            assertThat(refused.code()).isNotZero();
            assertThat(refused.err().lines()).hasSize(1);
            assertThat(refused.err()).startsWith("cic: cannot open the H2 database in ")
                    .contains("a server still running on it? stop it first").doesNotContain("\tat ");
            assertThat(running.httpPort()).isPositive();
        }
        try (Database copy = Database.postgres(pg.jdbcUrl(db), pg.user(), pg.password(), 2)) {
            assertThat(contents(copy).values()).allSatisfy(rows -> assertThat(rows).isEmpty());
        }
    }

    private static void seedEveryOtherTable(Database db) {
        db.jdbi().useHandle(h -> {
            String account = h.select("SELECT account_id FROM accounts").mapTo(String.class).one();
            String client = h.select("SELECT client_id FROM clients").mapTo(String.class).one();
            h.execute("INSERT INTO account_sessions VALUES ('sess-hash', ?, 1700000000000, 1690000000000)", account);
            h.execute("INSERT INTO authorization_codes VALUES ('code-hash', ?, ?, 'dev-1', NULL, 1700000000000, TRUE,"
                      + " 1690000000000)", account, client);
            h.execute("INSERT INTO device_tokens VALUES ('acc-hash', 'ref-hash', ?, ?, 'dev-1', 'model-x',"
                      + " 1700000000000, FALSE, 1690000000000)", account, client);
            h.execute("INSERT INTO music_tracks VALUES ('t1', '/music/a.ogg', 'Title', NULL, 'Album', NULL, 7,"
                      + " 180000, 'ogg', 123456, 1690000000000, TRUE, 1690000000001)");
            h.execute("INSERT INTO alerts VALUES ('alert-1', ?, 'ALARM', 1700000000000, 'Europe/Paris', '07:30',"
                      + " 'MONDAY,FRIDAY', 'PENDING', 1690000000000)", account);
            h.execute("INSERT INTO time_zones VALUES (?, '', 'Europe/Berlin')", account);
            h.execute("INSERT INTO memos VALUES (?, 'memo-1', 'buy milk', 1690000000000, 1690000000001, FALSE)", account);
            h.execute("INSERT INTO schedules VALUES (?, 'sch-1', 'dentist', 1700000000000, 1700003600000, 'NONE',"
                      + " 'UTC', 1690000000000)", account);
            h.execute("INSERT INTO reminders (account_id, reminder_id, content, done, remind_at, zone, client_id,"
                      + " device_id, state, created_at, edited_at, delivered_at, deleted, repeat_days, repeat_time)"
                      + " VALUES (?, 'rem-1', 'bins', FALSE, 1700000000000, 'UTC', ?, 'dev-1', 'PENDING',"
                      + " 1690000000000, 1690000000000, NULL, FALSE, 'MON,WED', '08:00:00')", account, client);
            h.execute("INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time, picked,"
                      + " picked_by, last_success, last_failure, consecutive_failures, last_heartbeat, version, priority)"
                      + " VALUES ('reminder', 'rem-1', X'00FF10AB', TIMESTAMP WITH TIME ZONE '2026-12-24 18:00:00+00',"
                      + " FALSE, NULL, NULL, NULL, 0, NULL, 1, NULL)");
            h.execute("INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time, picked,"
                      + " picked_by, last_success, last_failure, consecutive_failures, last_heartbeat, version, priority)"
                      + " VALUES ('purge', 'recurring', NULL, TIMESTAMP WITH TIME ZONE '2026-12-24 18:10:00.123+00',"
                      + " TRUE, 'node-1', TIMESTAMP WITH TIME ZONE '2026-12-24 18:00:00+00', NULL, 0,"
                      + " TIMESTAMP WITH TIME ZONE '2026-12-24 18:05:00+00', 7, 90)");
        });
    }

    /** Every table's rows, each rendered column by column in a form both databases agree on, sorted. */
    private static Map<String, List<String>> contents(Database db) throws java.sql.SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        for (String table : DatabaseCopy.tablesInCopyOrder(db)) {
            out.put(table, db.jdbi().withHandle(h -> {
                Connection c = h.getConnection();
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, String> row = new TreeMap<>();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            row.put(meta.getColumnName(i).toLowerCase(), render(rs.getObject(i)));
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                return rows;
            }));
        }
        return out;
    }

    private static String render(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        if (v instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (v instanceof Timestamp t) {
            return t.toInstant().toString();
        }
        if (v instanceof Double || v instanceof Float) {
            return Double.toString(((Number) v).doubleValue());
        }
        if (v instanceof Number n) {
            return Long.toString(n.longValue());
        }
        return v.toString();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
