package dev.opencic.server.console;

/**
 * One device on the devices page, as shown (last seen already in the device's time zone). The
 * location is where "what's the weather" is about: the account's saved place, or null when the
 * device's own reported location (or its question) decides.
 */
public record DeviceRow(String deviceId, String name, String room, String clientId, String lastSeen,
                        boolean online, String zone, String location) {}
