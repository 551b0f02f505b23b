package dev.opencic.server.skill.music;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.store.Account;
import dev.opencic.server.store.AccountRepository;
import dev.opencic.server.store.JdbcAccountRepository;
import dev.opencic.server.store.StoreContract;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Likes per account: liked once however often, unliked, asked for many at once, accounts apart. */
abstract class LikeStoreContract extends StoreContract {

    private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

    private LikeStore store;

    @BeforeEach
    void seed() {
        store = new JdbcLikeStore(db.jdbi(), Clock.fixed(NOW, ZoneOffset.UTC));
        AccountRepository accounts = new JdbcAccountRepository(db.jdbi());
        accounts.insert(new Account("acc-alice", "alice", "hash", NOW));
        accounts.insert(new Account("acc-bob", "bob", "hash", NOW));
    }

    @Test
    void aLikeIsKeptOnceAndAnUnlikeRemovesIt() {
        assertThat(store.like("acc-alice", "track-1")).isTrue();
        assertThat(store.like("acc-alice", "track-1")).isFalse();
        assertThat(store.liked("acc-alice", List.of("track-1", "track-2"))).containsExactly("track-1");
        assertThat(store.unlike("acc-alice", "track-1")).isTrue();
        assertThat(store.unlike("acc-alice", "track-1")).isFalse();
        assertThat(store.liked("acc-alice", List.of("track-1"))).isEmpty();
        assertThat(store.liked("acc-alice", List.of())).isEmpty();
    }

    @Test
    void accountsKeepTheirOwnLikesAndManyTracksAreAskedAtOnce() {
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 450; i++) {
            many.add("track-" + i);
            if (i % 3 == 0) {
                store.like("acc-alice", "track-" + i);
            }
        }
        store.like("acc-bob", "track-1");
        assertThat(store.liked("acc-alice", many)).hasSize(150).contains("track-0", "track-447")
                .doesNotContain("track-1");
        assertThat(store.liked("acc-bob", many)).containsExactly("track-1");
    }
}
