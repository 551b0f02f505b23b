package dev.opencic.server.skill.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.store.Account;
import dev.opencic.server.store.StoreContract;
import dev.opencic.server.store.JdbcAccountRepository;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A device's status report changes only the status, and never undoes a reschedule made in between. */
abstract class AlertRepositoryContract extends StoreContract {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private AlertRepository alerts;

    @BeforeEach
    void seed() {
        alerts = new JdbcAlertRepository(db.jdbi());
        new JdbcAccountRepository(db.jdbi()).insert(new Account("acc-alice", "alice", "hash", NOW));
    }

    @Test
    void aStatusReportReadBeforeARescheduleDoesNotUndoIt() {
        Alert monday = new Alert("t1", "acc-alice", Alert.Type.ALARM, NOW.plusSeconds(3600), ZoneId.of("UTC"),
                LocalTime.of(13, 0), Set.of(DayOfWeek.MONDAY), Alert.Status.PENDING, NOW);
        alerts.insert(monday);
        assertThat(alerts.updateStatus(monday, Alert.Status.SET)).isTrue();
        assertThat(alerts.find("acc-alice", "t1")).get().extracting(Alert::status).isEqualTo(Alert.Status.SET);

        // another report moved the repeating alarm to next week; a late AlertStarted read the old row
        Alert nextWeek = monday.withScheduledAt(NOW.plusSeconds(7 * 86400 + 3600)).withStatus(Alert.Status.PENDING);
        assertThat(alerts.update(nextWeek)).isTrue();
        assertThat(alerts.updateStatus(monday, Alert.Status.RINGING)).isFalse();
        Alert stored = alerts.find("acc-alice", "t1").orElseThrow();
        assertThat(stored.scheduledAt()).isEqualTo(nextWeek.scheduledAt());
        assertThat(stored.status()).isEqualTo(Alert.Status.PENDING);
    }
}
