package dev.opencic.server.skill;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Short-lived values every node of a cluster reads and writes (issue 19): a device's music player,
 * so that "next" heard by another node acts on the same queue. A node keeps its own copy of what it
 * read; {@link #put} tells the other nodes to drop theirs ({@link #onChanged}), so the next use there
 * reads the new value. Last writer wins: the values are about one device, whose requests rarely race.
 */
public interface SharedValues {

    /** The value, or empty; completes when the store answers (perhaps on its own thread). */
    CompletableFuture<Optional<String>> get(String key);

    /** Stores the value for {@code ttl}, then tells the other nodes that {@code key} changed. */
    CompletableFuture<Void> put(String key, String value, Duration ttl);

    /**
     * Runs {@code listener} (on a blocking thread) with each key starting with {@code prefix} that
     * another node put, and with null when any may have changed unseen (the store came back after an
     * outage): drop every copy then.
     */
    void onChanged(String prefix, Consumer<String> listener);
}
