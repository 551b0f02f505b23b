package dev.opencic.server.skill.household;

import dev.opencic.server.api.DeviceIdentity;
import java.time.Instant;
import java.util.List;

/**
 * Announcements kept for a device that did not confirm reading them (migration V22): in the
 * database, so a restart before the device comes back does not lose them.
 */
interface HeldAnnouncements {

    /** One kept announcement: what is said, and when it was announced. */
    record Held(String text, Instant at) {}

    /** Keeps {@code text} (announced {@code at}) for the device's next open. */
    void hold(DeviceIdentity device, String text, Instant at);

    /**
     * Removes the device's kept announcements and returns those announced at or after
     * {@code notBefore}, oldest first. Each is returned by one call only, also when two nodes take
     * at once.
     */
    List<Held> take(DeviceIdentity device, Instant notBefore);

    /** Deletes every kept announcement announced before {@code cutoff}; returns how many. */
    int dropBefore(Instant cutoff);
}
