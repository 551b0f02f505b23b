package dev.opencic.protocol.payload;

/**
 * The payloads of this project's {@code Household} namespace: a device naming itself. The reference
 * has no message for a device's name or room (the Clova app kept them), so this is ours.
 */
public final class Household {
    private Household() {}

    /** Event {@code SetDeviceName}: what the user calls this device, and the room it is in ({@code null}: keep the room). */
    public record SetDeviceName(String name, String room) implements Payload {}
}
