package dev.opencic.server.skill.memo;

import dev.opencic.server.store.DuplicateKeyException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link MemoStore} on the {@code memos} table (migration V4). */
final class JdbcMemoStore implements MemoStore {

    private static final String SELECT = "SELECT memo_id, content, created_at, edited_at, deleted FROM memos";

    private final Jdbi jdbi;

    JdbcMemoStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    private record Row(Memo memo, boolean deleted) {}

    @Override
    public List<Memo> list(String accountId) {
        return jdbi.withHandle(h -> h.select(SELECT + " WHERE account_id = ? AND deleted = FALSE"
                                             + " ORDER BY created_at DESC, memo_id", accountId)
                                     .map(JdbcMemoStore::row).map(Row::memo).list());
    }

    @Override
    public Optional<Memo> find(String accountId, String memoId) {
        return jdbi.withHandle(h -> select(h, accountId, memoId, "")).filter(r -> !r.deleted()).map(Row::memo);
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
            return jdbi.inTransaction(h -> change(h, accountId, memoId, content, editedAt, create));
        } catch (DuplicateKeyException e) {
            // Two creations of one new id raced: the loser's insert hit the key; now the row exists.
            return jdbi.inTransaction(h -> change(h, accountId, memoId, content, editedAt, create));
        }
    }

    private static Outcome change(Handle h, String accountId, String memoId, String content, Instant editedAt,
                                  boolean create) {
        Optional<Row> current = select(h, accountId, memoId, " FOR UPDATE");
        if (current.isEmpty()) {
            if (!create) {
                return Outcome.UNKNOWN;
            }
            h.execute("INSERT INTO memos (account_id, memo_id, content, created_at, edited_at, deleted)"
                      + " VALUES (?, ?, ?, ?, ?, FALSE)", accountId, memoId, content, editedAt, editedAt);
            return Outcome.APPLIED;
        }
        if (editedAt.toEpochMilli() < current.get().memo().editedAt().toEpochMilli()) {
            return Outcome.STALE;
        }
        if (content == null) {
            h.execute("UPDATE memos SET deleted = TRUE, edited_at = ? WHERE account_id = ? AND memo_id = ?",
                      editedAt, accountId, memoId);
        } else {
            h.execute("UPDATE memos SET content = ?, deleted = FALSE, edited_at = ? WHERE account_id = ? AND memo_id = ?",
                      content, editedAt, accountId, memoId);
        }
        return Outcome.APPLIED;
    }

    private static Optional<Row> select(Handle h, String accountId, String memoId, String suffix) {
        return h.select(SELECT + " WHERE account_id = ? AND memo_id = ?" + suffix, accountId, memoId)
                .map(JdbcMemoStore::row).findOne();
    }

    private static Row row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Row(new Memo(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                Instant.ofEpochMilli(rs.getLong(4))), rs.getBoolean(5));
    }
}
