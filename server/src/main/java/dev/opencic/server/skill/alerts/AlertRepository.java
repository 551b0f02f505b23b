package dev.opencic.server.skill.alerts;

import java.util.List;
import java.util.Optional;

/** Each account's alarms and timers. Every lookup is by account: no account sees another's alerts. */
public interface AlertRepository {

    void insert(Alert alert);

    /** Replaces the stored alert with the same token and account; false if there is none. */
    boolean update(Alert alert);

    /**
     * Sets only the status of an alert that is still scheduled as {@code seen} was: a device's
     * report must not undo what another report changed in between (a repeating alarm moved on to
     * its next ring). False if the alert is gone or was rescheduled.
     */
    boolean updateStatus(Alert seen, Alert.Status status);

    Optional<Alert> find(String accountId, String token);

    /** The account's alerts, soonest first; {@code type} null for both kinds. */
    List<Alert> list(String accountId, Alert.Type type);

    boolean delete(String accountId, String token);
}
