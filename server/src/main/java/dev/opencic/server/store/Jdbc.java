package dev.opencic.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** Small JDBC helpers shared by the repository implementations. */
final class Jdbc {

    /** SQLSTATE for unique/primary key violations, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    interface InTransaction<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection()) {
            return update(c, sql, binder);
        } catch (SQLException e) {
            throw translate(sql, e);
        }
    }

    static int update(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        }
    }

    <T> Optional<T> queryOne(String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection c = dataSource.getConnection()) {
            return queryOne(c, sql, binder, mapper);
        } catch (SQLException e) {
            throw translate(sql, e);
        }
    }

    static <T> Optional<T> queryOne(Connection c, String sql, Binder binder, RowMapper<T> mapper)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
            }
        }
    }

    <T> T inTransaction(String what, InTransaction<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw translate(what, e);
        }
    }

    static StoreException translate(String what, SQLException e) {
        // The message names the statement, never bound values (they may be digests of secrets, but
        // still have no business in logs).
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
            return new DuplicateKeyException("duplicate key: " + firstLine(what), e);
        }
        return new StoreException("database error (" + e.getSQLState() + ") in: " + firstLine(what), e);
    }

    private static String firstLine(String sql) {
        String s = sql.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static long millis(Instant instant) {
        return instant.toEpochMilli();
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return Instant.ofEpochMilli(rs.getLong(column));
    }
}
