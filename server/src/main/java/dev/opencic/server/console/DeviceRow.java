package dev.opencic.server.console;

/** One device on the devices page, as shown (last seen already in the device's time zone). */
public record DeviceRow(String deviceId, String name, String room, String clientId, String lastSeen,
                        boolean online, String zone) {}
