package dev.opencic.server.skill.weather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opencic.server.store.Account;
import dev.opencic.server.store.AccountRepository;
import dev.opencic.server.store.StoreContract;
import dev.opencic.server.store.JdbcAccountRepository;
import dev.opencic.server.store.StoreException;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One saved place per account, replaced not duplicated, and never another account's. */
abstract class SavedPlaceRepositoryContract extends StoreContract {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private SavedPlaceRepository places;

    @BeforeEach
    void seed() {
        places = new JdbcSavedPlaceRepository(db.jdbi());
        AccountRepository accounts = new JdbcAccountRepository(db.jdbi());
        accounts.insert(new Account("acc-alice", "alice", "hash", NOW));
        accounts.insert(new Account("acc-bob", "bob", "hash", NOW));
    }

    @Test
    void saveReplacesTheAccountsPlaceAndLeavesOtherAccountsAlone() {
        places.save(new SavedPlace("acc-alice", "Lyon", 45.75, 4.85, NOW));
        places.save(new SavedPlace("acc-alice", "Paris", 48.8566, 2.3522, NOW.plusSeconds(60)));
        assertThat(places.find("acc-alice")).contains(new SavedPlace("acc-alice", "Paris", 48.8566, 2.3522,
                NOW.plusSeconds(60)));
        assertThat(places.find("acc-bob")).isEmpty();
        places.save(new SavedPlace("acc-bob", "Oslo", 59.91, 10.75, NOW));
        assertThat(places.delete("acc-alice")).isTrue();
        assertThat(places.delete("acc-alice")).isFalse();
        assertThat(places.find("acc-bob")).map(SavedPlace::name).contains("Oslo");
    }

    @Test
    void aPlaceNeedsAnExistingAccountAndARealCoordinate() {
        assertThatThrownBy(() -> places.save(new SavedPlace("acc-nobody", "X", 1, 1, NOW)))
                .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> new SavedPlace("acc-alice", "X", 90.5, 0, NOW)).hasMessageContaining("latitude");
        assertThatThrownBy(() -> new SavedPlace("acc-alice", "X", 0, -180.5, NOW)).hasMessageContaining("longitude");
        assertThatThrownBy(() -> new SavedPlace("acc-alice", " ", 0, 0, NOW)).hasMessageContaining("name");
        assertThatThrownBy(() -> new SavedPlace("acc-alice", "X", Double.NaN, 0, NOW)).hasMessageContaining("latitude");
    }
}
