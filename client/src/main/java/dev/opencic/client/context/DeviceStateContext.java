package dev.opencic.client.context;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.payload.Payload;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Set;

/**
 * {@code Device.DeviceState}: the device's {@code localTime} (ISO 8601, from its clock, always
 * present) plus whichever optional info objects the device has ({@code battery}, {@code volume},
 * {@code wifi}, {@code bluetooth}, ...: see ContextObjects/DeviceState.md for their fields).
 */
public final class DeviceStateContext extends SettableContext {

    private static final Set<String> FIELDS = Set.of("airplane", "battery", "bluetooth", "cellular", "channel",
            "energySavingMode", "flashLight", "gps", "power", "screenBrightness", "soundMode", "soundOutput",
            "volume", "wifi");

    private final Clock clock;
    private final Map<String, Object> infos = new LinkedHashMap<>();

    /** Local time from the system clock. */
    public DeviceStateContext() {
        this(Clock.systemDefaultZone());
    }

    /** Local time from {@code clock} (its zone gives the offset). */
    public DeviceStateContext(Clock clock) {
        super("Device", "DeviceState");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Sets one info object, given as a record or a map of its fields, e.g. {@code set("battery",
     * new Battery(80, false))} for {@code {"value": 80, "charging": false}} with {@code record
     * Battery(int value, boolean charging)}; null removes it.
     *
     * @throws IllegalArgumentException for a field the reference does not define, or an info that
     *     is not a JSON object
     */
    public synchronized void set(String field, Object info) {
        if (!FIELDS.contains(field)) {
            throw new IllegalArgumentException("field: " + field + " (expected: one of " + FIELDS + ")");
        }
        if (info == null) {
            infos.remove(field);
        } else {
            JsonNode tree = MessageCodec.mapper().valueToTree(info);
            if (!tree.isObject()) {
                throw new IllegalArgumentException(field + ": " + tree + " (expected: an object)");
            }
            // a snapshot in plain maps and values: later changes to the app's object do not leak in
            infos.put(field, MessageCodec.mapper().convertValue(tree, Map.class));
        }
    }

    @Override
    Payload payload() {
        return new ContextObjects.DeviceState(infos,
                OffsetDateTime.now(clock).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }
}
