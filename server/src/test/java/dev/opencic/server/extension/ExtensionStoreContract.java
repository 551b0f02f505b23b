package dev.opencic.server.extension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.store.Account;
import dev.opencic.server.store.JdbcAccountRepository;
import dev.opencic.server.store.StoreContract;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registrations and per-account enablement (migration V18), the same on every database. */
abstract class ExtensionStoreContract extends StoreContract {

    private ExtensionStore store;

    @BeforeEach
    void seed() {
        store = new ExtensionStore(db.jdbi());
        var accounts = new JdbcAccountRepository(db.jdbi());
        accounts.insert(new Account("acc-alice", "alice", "hash", Instant.EPOCH));
        accounts.insert(new Account("acc-bob", "bob", "hash", Instant.EPOCH));
    }

    private static Registration facts(String url) {
        return new Registration("space-facts", url, "{\"intents\": []}" + "x".repeat(20_000), "hash", 1L);
    }

    @Test
    void addFindUpdateListRemove() {
        assertThat(store.add(facts("http://127.0.0.1:1/a"))).isTrue();
        assertThat(store.add(facts("http://127.0.0.1:1/b"))).as("name taken").isFalse();
        assertThat(store.find("space-facts")).contains(facts("http://127.0.0.1:1/a"));
        assertThat(store.update(new Registration("space-facts", "http://127.0.0.1:1/c", "{}", "ignored", 2L))).isTrue();
        assertThat(store.find("space-facts").orElseThrow().url()).isEqualTo("http://127.0.0.1:1/c");
        assertThat(store.find("space-facts").orElseThrow().pushSecretHash()).as("the secret stays").isEqualTo("hash");
        assertThat(store.update(new Registration("other", "http://x/", "{}", "h", 2L))).isFalse();
        assertThat(store.all()).extracting(Registration::name).containsExactly("space-facts");
        assertThat(store.remove("space-facts")).isTrue();
        assertThat(store.remove("space-facts")).isFalse();
        assertThat(store.all()).isEmpty();
    }

    @Test
    void enabledForEveryAccountUntilOneTurnsItOff() {
        store.add(facts("http://127.0.0.1:1/a"));
        assertThat(store.disabledAccounts("space-facts")).isEmpty();
        assertThat(store.setEnabled("space-facts", "acc-bob", false)).isTrue();
        assertThat(store.setEnabled("space-facts", "acc-bob", false)).as("already off").isFalse();
        assertThat(store.disabledAccounts("space-facts")).containsExactly("acc-bob");
        assertThat(store.setEnabled("space-facts", "acc-bob", true)).isTrue();
        assertThat(store.setEnabled("space-facts", "acc-alice", true)).as("already on").isFalse();
        assertThat(store.disabledAccounts("space-facts")).isEmpty();
        store.setEnabled("space-facts", "acc-alice", false);
        assertThat(store.remove("space-facts")).isTrue();
        store.add(facts("http://127.0.0.1:1/a"));
        assertThat(store.disabledAccounts("space-facts")).as("a new registration starts enabled for all").isEmpty();
    }
}
