package dev.opencic.server.store;

import java.time.ZoneId;
import java.util.Optional;

/** The time zone set for an account (deviceId {@code ""}) or for one of its devices. */
public interface TimeZoneRepository {

    /** The device's zone, else the account's, else empty. */
    Optional<ZoneId> find(String accountId, String deviceId);

    /** Sets the zone of a device, or of the account when {@code deviceId} is {@code ""}. */
    void set(String accountId, String deviceId, ZoneId zone);
}
