package dev.opencic.server.skill.household;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The devices of each account with their names and rooms (migration V10). Shared by the household
 * skill and the admin commands; kept in the database so that it survives restarts and, in cluster
 * mode, every node sees the same household.
 */
public interface DeviceDirectory {

    /** Records that the device opened its downchannel now (its row is made on the first time). */
    void seen(String accountId, String deviceId, String clientId, Instant at);

    /**
     * Names the device and puts it in {@code room} ({@code null}: keeps the room it had). A device
     * never seen gets a row, so an admin can name a device before it connects.
     */
    HouseholdDevice name(String accountId, String deviceId, String name, String room, Instant at);

    Optional<HouseholdDevice> find(String accountId, String deviceId);

    /** The account's devices, by device id. */
    List<HouseholdDevice> list(String accountId);
}
