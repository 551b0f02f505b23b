package dev.opencic.server.skill.music;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** {@link LikeStore} on the {@code track_likes} table (migration V12). */
public final class JdbcLikeStore implements LikeStore {

    /** Ids per {@code IN (...)} query: well under every driver's parameter limit. */
    private static final int CHUNK = 200;

    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcLikeStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public boolean like(String accountId, String trackId) {
        try {
            return jdbi.inTransaction(h -> {
                if (exists(h, accountId, trackId)) {
                    return false;
                }
                h.execute("INSERT INTO track_likes (account_id, track_id, liked_at) VALUES (?, ?, ?)",
                        accountId, trackId, clock.millis());
                return true;
            });
        } catch (UnableToExecuteStatementException e) {
            // Two likes at once: the other insert won the primary key. Liked either way.
            if (jdbi.withHandle(h -> exists(h, accountId, trackId))) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean unlike(String accountId, String trackId) {
        return jdbi.withHandle(h -> h.execute("DELETE FROM track_likes WHERE account_id = ? AND track_id = ?",
                accountId, trackId)) > 0;
    }

    @Override
    public Set<String> liked(String accountId, Collection<String> trackIds) {
        if (trackIds.isEmpty()) {
            return Set.of();
        }
        List<String> ids = new ArrayList<>(new HashSet<>(trackIds));
        Set<String> out = new HashSet<>();
        jdbi.useHandle(h -> {
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                out.addAll(h.createQuery("SELECT track_id FROM track_likes WHERE account_id = :account"
                                         + " AND track_id IN (<ids>)")
                            .bind("account", accountId).bindList("ids", chunk).mapTo(String.class).list());
            }
        });
        return Set.copyOf(out);
    }

    private static boolean exists(Handle h, String accountId, String trackId) {
        return h.createQuery("SELECT COUNT(*) FROM track_likes WHERE account_id = ? AND track_id = ?")
                .bind(0, accountId).bind(1, trackId).mapTo(Integer.class).one() > 0;
    }
}
