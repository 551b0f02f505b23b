package dev.opencic.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Copies every table of one database into another of the same schema version, for moving a
 * single node's H2 data directory to PostgreSQL ({@code ./cic admin migrate}). The copy is one
 * transaction on the target: it lands whole or not at all, so a failed run can simply be run again.
 * It refuses a target that holds any row, naming the table, so it never mixes two installations.
 *
 * <p>Tables are copied parents first ({@link #TABLES}); a table the list does not know (a new
 * migration that forgot to add it here) stops the copy before anything is written.
 */
public final class DatabaseCopy {

    /** Every table the migrations create, each after the tables its foreign keys point to. */
    public static final List<String> TABLES = List.of(
            "accounts", "clients", "account_sessions", "authorization_codes", "device_tokens",
            "music_tracks", "alerts", "time_zones", "memos", "schedules", "reminders",
            "scheduled_tasks", "saved_places");
    /** Flyway's own table: each side has its own, written by its own migration run. */
    private static final String FLYWAY_HISTORY = "flyway_schema_history";
    private static final int BATCH = 500;

    private DatabaseCopy() {}

    /** Rows copied, by table, in copy order. */
    public record Copied(Map<String, Long> rows) {
        public long total() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * @throws IllegalStateException when the target holds rows, or the source has a table this copy
     *                               does not know; nothing is written then
     */
    public static Copied copy(Database source, Database target) {
        Set<String> unknown = new TreeSet<>(tables(source));
        unknown.remove(FLYWAY_HISTORY);
        TABLES.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("the source has tables this version cannot copy: " + unknown);
        }
        return target.jdbi().inTransaction(targetHandle -> source.jdbi().withHandle(sourceHandle -> {
            Connection to = targetHandle.getConnection();
            Connection from = sourceHandle.getConnection();
            try {
                for (String table : TABLES) {
                    long rows = count(to, table);
                    if (rows > 0) {
                        throw new IllegalStateException("the target database is not empty (table " + table + " has "
                                + rows + " rows); migrate copies into an empty database only");
                    }
                }
                Map<String, Long> copied = new LinkedHashMap<>();
                for (String table : TABLES) {
                    copied.put(table, copyTable(from, to, table));
                }
                return new Copied(copied);
            } catch (SQLException e) {
                throw new StoreException("copy failed (" + e.getSQLState() + "): " + e.getMessage(), e);
            }
        }));
    }

    /** The tables of the database's current schema, in lower case. */
    static Set<String> tables(Database db) {
        return db.jdbi().withHandle(h -> {
            Set<String> names = new TreeSet<>();
            Connection c = h.getConnection();
            try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    names.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
                }
            } catch (SQLException e) {
                throw new StoreException("cannot list the tables (" + e.getSQLState() + ")", e);
            }
            return names;
        });
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long copyTable(Connection from, Connection to, String table) throws SQLException {
        long rows = 0;
        try (Statement select = from.createStatement()) {
            select.setFetchSize(BATCH);
            try (ResultSet rs = select.executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData meta = rs.getMetaData();
                int n = meta.getColumnCount();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    columns.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
                }
                String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                        + String.join(", ", java.util.Collections.nCopies(n, "?")) + ")";
                try (PreparedStatement ps = to.prepareStatement(insert)) {
                    int pending = 0;
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            Object value = rs.getObject(i);
                            if (value == null) {
                                ps.setNull(i, meta.getColumnType(i));
                            } else {
                                ps.setObject(i, value);
                            }
                        }
                        ps.addBatch();
                        rows++;
                        if (++pending == BATCH) {
                            ps.executeBatch();
                            pending = 0;
                        }
                    }
                    if (pending > 0) {
                        ps.executeBatch();
                    }
                }
            }
        }
        return rows;
    }
}
