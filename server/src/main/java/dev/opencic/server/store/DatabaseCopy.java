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
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Copies every table of one database into another of the same schema version, for moving a
 * single node's H2 data directory to PostgreSQL ({@code ./cic admin migrate}). The copy is one
 * transaction on the target: it lands whole or not at all, so a failed run can simply be run again.
 * It refuses a target that holds any row, naming the table, so it never mixes two installations.
 *
 * <p>Every table of the source is copied (Flyway's history aside: each side has its own), parents
 * before the tables whose foreign keys point to them, as the source's own metadata tells; so a table a
 * new migration adds is copied without a change here. The target must have the same tables (it is
 * migrated by the same version before the copy).
 */
public final class DatabaseCopy {

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
     * @throws IllegalStateException when the target holds rows, or lacks one of the source's tables;
     *                               nothing is written then
     */
    public static Copied copy(Database source, Database target) {
        List<String> tables = tablesInCopyOrder(source);
        Set<String> missing = new TreeSet<>(tables);
        missing.removeAll(tables(target).keySet());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the target database lacks the tables " + missing
                    + " (is it migrated by an older version?)");
        }
        return target.jdbi().inTransaction(targetHandle -> source.jdbi().withHandle(sourceHandle -> {
            Connection to = targetHandle.getConnection();
            Connection from = sourceHandle.getConnection();
            try {
                for (String table : tables) {
                    long rows = count(to, table);
                    if (rows > 0) {
                        throw new IllegalStateException("the target database is not empty (table " + table + " has "
                                + rows + " rows); migrate copies into an empty database only");
                    }
                }
                Map<String, Long> copied = new LinkedHashMap<>();
                for (String table : tables) {
                    copied.put(table, copyTable(from, to, table));
                }
                return new Copied(copied);
            } catch (SQLException e) {
                throw new StoreException("copy failed (" + e.getSQLState() + "): " + e.getMessage(), e);
            }
        }));
    }

    /**
     * The database's tables in lower case (Flyway's history left out), each after the tables its
     * foreign keys point to; ties in name order.
     */
    public static List<String> tablesInCopyOrder(Database db) {
        Map<String, String> stored = tables(db);
        Map<String, Set<String>> parents = new TreeMap<>();
        db.jdbi().useHandle(h -> {
            Connection c = h.getConnection();
            try {
                for (var table : stored.entrySet()) {
                    Set<String> refs = new TreeSet<>();
                    try (ResultSet rs = c.getMetaData().getImportedKeys(c.getCatalog(), c.getSchema(), table.getValue())) {
                        while (rs.next()) {
                            refs.add(rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT));
                        }
                    }
                    refs.remove(table.getKey());
                    refs.retainAll(stored.keySet());
                    parents.put(table.getKey(), refs);
                }
            } catch (SQLException e) {
                throw new StoreException("cannot read the foreign keys (" + e.getSQLState() + ")", e);
            }
        });
        List<String> order = new ArrayList<>();
        while (order.size() < parents.size()) {
            String next = parents.entrySet().stream()
                    .filter(t -> !order.contains(t.getKey()) && order.containsAll(t.getValue()))
                    .map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the tables' foreign keys form a cycle"));
            order.add(next);
        }
        return order;
    }

    /** The tables of the database's current schema: lower-case name to the name as stored. */
    private static Map<String, String> tables(Database db) {
        return db.jdbi().withHandle(h -> {
            Map<String, String> names = new TreeMap<>();
            Connection c = h.getConnection();
            try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME");
                    names.put(name.toLowerCase(Locale.ROOT), name);
                }
            } catch (SQLException e) {
                throw new StoreException("cannot list the tables (" + e.getSQLState() + ")", e);
            }
            names.remove(FLYWAY_HISTORY);
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
