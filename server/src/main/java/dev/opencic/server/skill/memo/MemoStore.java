package dev.opencic.server.skill.memo;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Each account's memos. Every change carries the time the edit was made; a change older than the
 * one the memo already holds is refused ({@link Outcome#STALE}), so an edit never loses to an older
 * one that arrives late. Deleted memos leave a tombstone for the same reason.
 */
public interface MemoStore {

    enum Outcome { APPLIED, STALE, UNKNOWN }

    /** The account's memos, newest first; deleted ones are left out. */
    List<Memo> list(String accountId);

    Optional<Memo> find(String accountId, String memoId);

    /**
     * Creates the memo, or rewrites it when the id exists and {@code editedAt} is not older than its
     * last edit (also bringing back a memo deleted earlier than that).
     */
    Outcome put(String accountId, String memoId, String content, Instant editedAt);

    /** Rewrites an existing memo; {@link Outcome#UNKNOWN} when the id was never created. */
    Outcome update(String accountId, String memoId, String content, Instant editedAt);

    /** Deletes an existing memo; {@link Outcome#UNKNOWN} when the id was never created. */
    Outcome delete(String accountId, String memoId, Instant editedAt);
}
