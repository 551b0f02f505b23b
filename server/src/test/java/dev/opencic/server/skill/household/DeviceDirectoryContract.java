package dev.opencic.server.skill.household;

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
 * A device's row is made when it is first seen or named, keeps its first-seen time and name across
 * later opens, a name without a room keeps the room, and accounts stay apart.
 */
abstract class DeviceDirectoryContract extends StoreContract {

    private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

    private DeviceDirectory devices;

    @BeforeEach
    void seed() {
        devices = new JdbcDeviceDirectory(db.jdbi());
        AccountRepository accounts = new JdbcAccountRepository(db.jdbi());
        accounts.insert(new Account("acc-alice", "alice", "hash", NOW));
        accounts.insert(new Account("acc-bob", "bob", "hash", NOW));
    }

    @Test
    void aSeenDeviceKeepsItsFirstSeenTimeAndItsName() {
        devices.seen("acc-alice", "speaker-1", "client-a", NOW);
        devices.name("acc-alice", "speaker-1", "kitchen speaker", "kitchen", NOW.plusSeconds(1));
        devices.seen("acc-alice", "speaker-1", "client-a", NOW.plusSeconds(60));
        assertThat(devices.find("acc-alice", "speaker-1")).contains(new HouseholdDevice("acc-alice", "speaker-1",
                "kitchen speaker", "kitchen", "client-a", NOW, NOW.plusSeconds(60)));
    }

    @Test
    void aNameWithoutARoomKeepsTheRoomAndANeverSeenDeviceCanBeNamed() {
        devices.name("acc-alice", "radio", "old radio", "bedroom", NOW);
        HouseholdDevice renamed = devices.name("acc-alice", "radio", "little radio", null, NOW.plusSeconds(5));
        assertThat(renamed).isEqualTo(new HouseholdDevice("acc-alice", "radio", "little radio", "bedroom", null, NOW, NOW));
        devices.seen("acc-alice", "radio", "client-b", NOW.plusSeconds(9));
        assertThat(devices.find("acc-alice", "radio").orElseThrow().clientId()).isEqualTo("client-b");
    }

    @Test
    void devicesAreListedInIdOrderAndAccountsStayApart() {
        devices.seen("acc-alice", "b-speaker", "c", NOW);
        devices.seen("acc-alice", "a-phone", "c", NOW);
        devices.seen("acc-bob", "c-tv", "c", NOW);
        assertThat(devices.list("acc-alice")).extracting(HouseholdDevice::deviceId).containsExactly("a-phone", "b-speaker");
        assertThat(devices.list("acc-bob")).extracting(HouseholdDevice::deviceId).containsExactly("c-tv");
        assertThat(devices.list("acc-nobody")).isEmpty();
        assertThat(devices.find("acc-bob", "a-phone")).isEmpty();
    }

    @Test
    void aDeviceNeedsAnAccount() {
        assertThatThrownBy(() -> devices.seen("acc-nobody", "d", "c", NOW)).isInstanceOf(StoreException.class);
        assertThat(devices.list("acc-nobody")).isEmpty();
    }

    @Test
    void namesAreComparedAsSpoken() {
        HouseholdDevice d = devices.name("acc-alice", "s", "Kitchen Speaker", "Kitchen", NOW);
        assertThat(d.isCalled("the kitchen speaker")).isTrue();
        assertThat(d.isIn("the  KITCHEN.")).isTrue();
        assertThat(d.isCalled("kitchen")).isFalse();
    }
}
