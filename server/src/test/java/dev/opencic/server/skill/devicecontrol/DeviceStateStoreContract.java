package dev.opencic.server.skill.devicecontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opencic.server.store.Account;
import dev.opencic.server.store.AccountRepository;
import dev.opencic.server.store.JdbcAccountRepository;
import dev.opencic.server.store.StoreContract;
import dev.opencic.server.store.StoreException;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One kept state per device of an account: a report replaces what it carries and keeps the rest (a
 * ReportState keeps the last action, an action without a state keeps the state), accounts stay apart.
 */
abstract class DeviceStateStoreContract extends StoreContract {

    private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

    private DeviceStateStore store;

    @BeforeEach
    void seed() {
        store = new JdbcDeviceStateStore(db.jdbi());
        AccountRepository accounts = new JdbcAccountRepository(db.jdbi());
        accounts.insert(new Account("acc-alice", "alice", "hash", NOW));
        accounts.insert(new Account("acc-bob", "bob", "hash", NOW));
    }

    @Test
    void aReportReplacesWhatItCarriesAndKeepsTheRest() {
        store.save(new KeptDeviceState("acc-alice", "speaker", "{\"volume\":{\"value\":3}}", null, null, null, NOW));
        store.save(new KeptDeviceState("acc-alice", "speaker", null, "volume", "SetValue", true, NOW.plusSeconds(1)));
        assertThat(store.list("acc-alice")).containsExactly(new KeptDeviceState("acc-alice", "speaker",
                "{\"volume\":{\"value\":3}}", "volume", "SetValue", true, NOW.plusSeconds(1)));

        store.save(new KeptDeviceState("acc-alice", "speaker", "{\"volume\":{\"value\":4}}", null, null, null,
                NOW.plusSeconds(2)));
        store.save(new KeptDeviceState("acc-alice", "speaker", null, "app", "LaunchApp", false, NOW.plusSeconds(3)));
        assertThat(store.list("acc-alice")).containsExactly(new KeptDeviceState("acc-alice", "speaker",
                "{\"volume\":{\"value\":4}}", "app", "LaunchApp", false, NOW.plusSeconds(3)));
    }

    @Test
    void devicesAreListedInIdOrderAndAccountsStayApart() {
        store.save(new KeptDeviceState("acc-alice", "b-speaker", "{}", null, null, null, NOW));
        store.save(new KeptDeviceState("acc-alice", "a-app", null, "gps", "TurnOn", true, NOW));
        store.save(new KeptDeviceState("acc-bob", "c-tv", "{}", null, null, null, NOW));
        assertThat(store.list("acc-alice")).extracting(KeptDeviceState::deviceId).containsExactly("a-app", "b-speaker");
        assertThat(store.list("acc-bob")).extracting(KeptDeviceState::deviceId).containsExactly("c-tv");
        assertThat(store.list("acc-nobody")).isEmpty();
    }

    @Test
    void aStateNeedsAnAccountAndAWholeLastAction() {
        assertThatThrownBy(() -> store.save(new KeptDeviceState("acc-nobody", "d", "{}", null, null, null, NOW)))
                .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> new KeptDeviceState("acc-alice", "d", null, "gps", null, true, NOW))
                .hasMessageContaining("all or none");
        assertThatThrownBy(() -> new KeptDeviceState("acc-alice", "d", "x".repeat(16_001), null, null, null, NOW))
                .hasMessageContaining("stateJson");
    }
}
