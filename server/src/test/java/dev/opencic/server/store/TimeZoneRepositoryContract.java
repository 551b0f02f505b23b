package dev.opencic.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** A device's own time zone wins over its account's; setting again replaces, never duplicates. */
abstract class TimeZoneRepositoryContract extends StoreContract {

    @Test
    void theDevicesZoneWinsOverTheAccountsAndSettingAgainReplaces() {
        TimeZoneRepository zones = new JdbcTimeZoneRepository(db.jdbi());
        assertThat(zones.find("acc", "dev-1")).isEmpty();
        zones.set("acc", "", ZoneId.of("Europe/Paris"));
        assertThat(zones.find("acc", "dev-1")).contains(ZoneId.of("Europe/Paris"));
        zones.set("acc", "dev-1", ZoneId.of("Asia/Tokyo"));
        assertThat(zones.find("acc", "dev-1")).contains(ZoneId.of("Asia/Tokyo"));
        assertThat(zones.find("acc", "dev-2")).contains(ZoneId.of("Europe/Paris"));
        zones.set("acc", "dev-1", ZoneId.of("America/New_York"));
        assertThat(zones.find("acc", "dev-1")).contains(ZoneId.of("America/New_York"));
        assertThat(zones.find("other", "dev-1")).isEmpty();
        int rows = db.jdbi().withHandle(h -> h.select("SELECT COUNT(*) FROM time_zones").mapTo(Integer.class).one());
        assertThat(rows).isEqualTo(2);
    }
}
