package dev.opencic.server.events;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The {@code event_replays} table: one row per answered event, kept for the replay window. */
final class ReplayRecords {

    /** One stored answer's key and when it was stored. */
    record Row(String accountId, String deviceId, String messageId, long answeredAt) {}

    private final Jdbi jdbi;

    ReplayRecords(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Stores the answer; a row already there (an answer from before a restart whose entry was not
     * loaded, or a duplicate racing on another node) is replaced, since the newer one was sent last.
     */
    void put(String accountId, String deviceId, String messageId, long answeredAt, String directivesJson) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM event_replays WHERE account_id = :a AND device_id = :d AND message_id = :m")
                    .bind("a", accountId).bind("d", deviceId).bind("m", messageId).execute();
            h.createUpdate("INSERT INTO event_replays (account_id, device_id, message_id, answered_at, directives) "
                            + "VALUES (:a, :d, :m, :t, :j)")
                    .bind("a", accountId).bind("d", deviceId).bind("m", messageId).bind("t", answeredAt)
                    .bind("j", directivesJson).execute();
        });
    }

    Optional<String> directives(String accountId, String deviceId, String messageId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT directives FROM event_replays "
                        + "WHERE account_id = :a AND device_id = :d AND message_id = :m")
                .bind("a", accountId).bind("d", deviceId).bind("m", messageId)
                .mapTo(String.class).findOne());
    }

    /** The keys answered at or after {@code since}, oldest first: what a starting server must remember. */
    List<Row> since(long since) {
        return jdbi.withHandle(h -> h.createQuery("SELECT account_id, device_id, message_id, answered_at "
                        + "FROM event_replays WHERE answered_at >= :t ORDER BY answered_at")
                .bind("t", since)
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
                .list());
    }

    /** Deletes the rows answered before {@code before}; returns how many. */
    int purge(long before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM event_replays WHERE answered_at < :t")
                .bind("t", before).execute());
    }
}
