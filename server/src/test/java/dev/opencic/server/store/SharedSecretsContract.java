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
}
