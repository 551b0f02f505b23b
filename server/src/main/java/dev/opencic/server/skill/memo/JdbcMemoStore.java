package dev.opencic.server.skill.memo;

import dev.opencic.server.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link MemoStore} on the {@code memos} table (migration V4). */
final class JdbcMemoStore implements MemoStore {

    private final DataSource dataSource;

    JdbcMemoStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private record Row(Memo memo, boolean deleted) {}

    @Override
    public List<Memo> list(String accountId) {
        String sql = "SELECT memo_id, content, created_at, edited_at, deleted FROM memos"
                     + " WHERE account_id = ? AND deleted = FALSE ORDER BY created_at DESC, memo_id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            List<Memo> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs).memo());
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("listing memos failed", e);
        }
    }

    @Override
    public Optional<Memo> find(String accountId, String memoId) {
        try (Connection c = dataSource.getConnection()) {
            return read(c, accountId, memoId).filter(r -> !r.deleted()).map(Row::memo);
        } catch (SQLException e) {
            throw new StoreException("reading a memo failed", e);
        }
    }

    @Override
    public Outcome put(String accountId, String memoId, String content, Instant editedAt) {
        return change(accountId, memoId, content, editedAt, true);
    }

    @Override
    public Outcome update(String accountId, String memoId, String content, Instant editedAt) {
        return change(accountId, memoId, content, editedAt, false);
    }

    @Override
    public Outcome delete(String accountId, String memoId, Instant editedAt) {
        return change(accountId, memoId, null, editedAt, false);
    }

    /** One change in one transaction, the row locked, so concurrent edits are ordered by their time. */
    private Outcome change(String accountId, String memoId, String content, Instant editedAt, boolean create) {
        try {
            return attempt(accountId, memoId, content, editedAt, create);
        } catch (StoreException e) {
            // Two creations of one new id raced: the loser's insert hit the key; now the row exists.
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return attempt(accountId, memoId, content, editedAt, create);
            }
            throw e;
        }
    }

    private Outcome attempt(String accountId, String memoId, String content, Instant editedAt, boolean create) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Outcome o = change(c, accountId, memoId, content, editedAt, create);
                c.commit();
                return o;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("changing a memo failed", e);
        }
    }

    private Outcome change(Connection c, String accountId, String memoId, String content, Instant editedAt,
                           boolean create) throws SQLException {
        Optional<Row> current = readForUpdate(c, accountId, memoId);
        long at = editedAt.toEpochMilli();
        if (current.isEmpty()) {
            if (!create) {
                return Outcome.UNKNOWN;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO memos (account_id, memo_id, content,"
                    + " created_at, edited_at, deleted) VALUES (?, ?, ?, ?, ?, FALSE)")) {
                ps.setString(1, accountId);
                ps.setString(2, memoId);
                ps.setString(3, content);
                ps.setLong(4, at);
                ps.setLong(5, at);
                ps.executeUpdate();
            }
            return Outcome.APPLIED;
        }
        if (at < current.get().memo().editedAt().toEpochMilli()) {
            return Outcome.STALE;
        }
        String sql = content == null
                ? "UPDATE memos SET deleted = TRUE, edited_at = ? WHERE account_id = ? AND memo_id = ?"
                : "UPDATE memos SET content = ?, deleted = FALSE, edited_at = ? WHERE account_id = ? AND memo_id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (content != null) {
                ps.setString(i++, content);
            }
            ps.setLong(i++, at);
            ps.setString(i++, accountId);
            ps.setString(i, memoId);
            ps.executeUpdate();
        }
        return Outcome.APPLIED;
    }

    private static Optional<Row> read(Connection c, String accountId, String memoId) throws SQLException {
        return select(c, accountId, memoId, "");
    }

    private static Optional<Row> readForUpdate(Connection c, String accountId, String memoId) throws SQLException {
        return select(c, accountId, memoId, " FOR UPDATE");
    }

    private static Optional<Row> select(Connection c, String accountId, String memoId, String suffix)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT memo_id, content, created_at, edited_at, deleted"
                + " FROM memos WHERE account_id = ? AND memo_id = ?" + suffix)) {
            ps.setString(1, accountId);
            ps.setString(2, memoId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(new Memo(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                Instant.ofEpochMilli(rs.getLong(4))), rs.getBoolean(5));
    }
}
