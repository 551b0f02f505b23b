package dev.opencic.server.store;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Secrets the nodes of a cluster share ({@code shared_secrets}, V24): the first node to ask for a
 * name makes it, every other node (and every later start) reads the same one. Two nodes asking at
 * once: both insert, the primary key keeps one, and both read that one back.
 */
public final class SharedSecrets {

    private final Jdbi jdbi;
    private final Clock clock;

    public SharedSecrets(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The secret named {@code name}, {@code bytes} random bytes made now if there is none yet. */
    public byte[] getOrCreate(String name, int bytes) {
        Optional<byte[]> existing = find(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] secret = new byte[bytes];
        new SecureRandom().nextBytes(secret);
        try {
            jdbi.useHandle(h -> h.execute("INSERT INTO shared_secrets (name, secret, created_at) VALUES (?, ?, ?)",
                    name, Base64.getEncoder().encodeToString(secret), clock.millis()));
        } catch (DuplicateKeyException | UnableToExecuteStatementException e) {
            // Another node inserted it first (the primary key; Database maps it to DuplicateKeyException): read theirs below.
        }
        return find(name).orElseThrow(() -> new IllegalStateException("shared secret " + name + " neither stored nor found"));
    }

    public Optional<byte[]> find(String name) {
        return jdbi.withHandle(h -> h.select("SELECT secret FROM shared_secrets WHERE name = ?", name)
                .mapTo(String.class).findOne()).map(s -> Base64.getDecoder().decode(s));
    }

    /**
     * The key named {@code name} in {@code shared_keys} (V26: room for an RSA private key, which
     * {@code shared_secrets} has not), made by {@code make} only when none is stored yet. Race-safe
     * like {@link #getOrCreate}: insert if absent, then every node reads back the one the primary key kept.
     */
    public byte[] getOrCreateKey(String name, Supplier<byte[]> make) {
        Optional<byte[]> existing = findKey(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] key = make.get();
        try {
            jdbi.useHandle(h -> h.execute("INSERT INTO shared_keys (name, key_data, created_at) VALUES (?, ?, ?)",
                    name, Base64.getEncoder().encodeToString(key), clock.millis()));
        } catch (DuplicateKeyException | UnableToExecuteStatementException e) {
            // Another node inserted it first (the primary key; Database maps it to DuplicateKeyException): read theirs below.
        }
        return findKey(name).orElseThrow(() -> new IllegalStateException("shared key " + name + " neither stored nor found"));
    }

    public Optional<byte[]> findKey(String name) {
        return jdbi.withHandle(h -> h.select("SELECT key_data FROM shared_keys WHERE name = ?", name)
                .mapTo(String.class).findOne()).map(s -> Base64.getDecoder().decode(s));
    }
}
