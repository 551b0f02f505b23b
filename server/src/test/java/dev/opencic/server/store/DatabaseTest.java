package dev.opencic.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 database the server ships with: its file, its migrations, and the repositories' contract on it. */
class DatabaseTest extends AuthRepositoriesContract {

    @TempDir
    Path dataDir;

    @Override
    protected Database openDatabase(String name) {
        return Database.inMemory(name);
    }

    @Test
    void migrations_create_the_schema_in_a_fresh_data_directory_and_reopening_keeps_data_without_remigrating()
            throws Exception {
        Path dir = dataDir.resolve("fresh/nested");
        try (Database db = Database.open(dir)) {
            assertThat(tables(db)).contains("ACCOUNTS", "CLIENTS", "ACCOUNT_SESSIONS", "AUTHORIZATION_CODES",
                                            "DEVICE_TOKENS");
            new JdbcAccountRepository(db.jdbi()).insert(account("a1", "alice"));
            assertThat(migrationsApplied(db)).isEqualTo(migrationFiles());
        }
        assertThat(Files.exists(dir.resolve("cic.mv.db"))).isTrue();

        try (Database db = Database.open(dir)) {
            assertThat(new JdbcAccountRepository(db.jdbi()).findByUsername("alice"))
                    .map(Account::accountId).contains("a1");
            assertThat(migrationsApplied(db)).isEqualTo(migrationFiles());
        }
    }

    private static List<String> tables(Database db) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME").toUpperCase());
            }
        }
        return names;
    }

    /** Every migration file applied once, however many features have added one. */
    private static int migrationFiles() throws Exception {
        try (var files = Files.list(Path.of(Database.class.getResource("/db/migration").toURI()))) {
            return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    private static int migrationsApplied(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE AND \"type\" = 'SQL'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
