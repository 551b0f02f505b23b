package dev.opencic.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Shared secrets: made once, the same for every later caller (another node), names apart. */
abstract class SharedSecretsContract extends StoreContract {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void theFirstCallerMakesTheSecretAndEveryLaterOneReadsTheSame() {
        SharedSecrets node1 = new SharedSecrets(db.jdbi(), CLOCK);
        SharedSecrets node2 = new SharedSecrets(db.jdbi(), CLOCK);
        assertThat(node2.find("music-url.key")).isEmpty();
        byte[] made = node1.getOrCreate("music-url.key", 32);
        assertThat(made).hasSize(32);
        assertThat(node2.getOrCreate("music-url.key", 32)).isEqualTo(made);
        assertThat(node2.find("music-url.key")).hasValueSatisfying(s -> assertThat(s).isEqualTo(made));
        assertThat(node2.getOrCreate("another", 16)).hasSize(16).isNotEqualTo(made);
    }

    @Test
    void aKeyTooLongForASecretIsStoredOnceAndTwoNodesRacingBothGetTheOneThatWasKept() throws Exception {
        SharedSecrets node1 = new SharedSecrets(db.jdbi(), CLOCK);
        SharedSecrets node2 = new SharedSecrets(db.jdbi(), CLOCK);
        byte[] key1 = new byte[1800];
        byte[] key2 = new byte[1800];
        java.util.Arrays.fill(key1, (byte) 1);
        java.util.Arrays.fill(key2, (byte) 2);
        // both makers run before either inserts: both insert, the primary key keeps one
        java.util.concurrent.CyclicBarrier bothMade = new java.util.concurrent.CyclicBarrier(2);
        java.util.function.Function<byte[], java.util.function.Supplier<byte[]>> maker = key -> () -> {
            try {
                bothMade.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return key;
        };
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> node1.getOrCreateKey("signing-key", maker.apply(key1)));
            var second = pool.submit(() -> node2.getOrCreateKey("signing-key", maker.apply(key2)));
            byte[] kept = first.get();
            assertThat(second.get()).isEqualTo(kept);
            assertThat(kept).satisfiesAnyOf(k -> assertThat(k).isEqualTo(key1), k -> assertThat(k).isEqualTo(key2));
            assertThat(node2.getOrCreateKey("signing-key", () -> {
                throw new AssertionError("a stored key is not made again");
            })).isEqualTo(kept);
            assertThat(node1.findKey("other")).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
