package dev.opencic.client.context;

import dev.opencic.client.context.AlertsStateContext.AlertInfo;
import dev.opencic.protocol.payload.Payload;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The payloads of the context objects the SDK reports (ContextObjects/*.md of the reference), as
 * immutable records; the client writes them as JSON. {@code AudioPlayer.PlaybackState} is
 * {@link dev.opencic.protocol.payload.AudioPlayer.PlaybackState}, shared with the event of that name.
 */
public final class ContextObjects {
    private ContextObjects() {}

    /** {@code Speaker.VolumeState}: volume 0 to 10, and whether the speaker is muted. */
    public record VolumeState(int volume, boolean muted) implements Payload {}

    /** {@code Alerts.AlertsState}: every alert set on the device, and those ringing now. */
    public record AlertsState(List<AlertInfo> allAlerts, List<AlertInfo> activeAlerts) implements Payload {
        public AlertsState {
            allAlerts = List.copyOf(allAlerts);
            activeAlerts = List.copyOf(activeAlerts);
        }
    }

    /** {@code Clova.FreetalkState} (2017 reference): free-talk mode in the foreground, and whether it reprompts. */
    public record FreetalkState(boolean foreground, boolean reprompt) implements Payload {}

    /** {@code Clova.Location}: latitude and longitude as the reference writes them (strings), refreshedAt ISO 8601. */
    public record Location(String latitude, String longitude, String refreshedAt) implements Payload {
        public Location {
            Objects.requireNonNull(latitude, "latitude");
            Objects.requireNonNull(longitude, "longitude");
            Objects.requireNonNull(refreshedAt, "refreshedAt");
        }
    }

    /** One place of a {@link SavedPlace}: {@code name} is Home or Work. */
    public record Place(String latitude, String longitude, String refreshedAt, String name) {}

    /** {@code Clova.SavedPlace}: the places the user saved. */
    public record SavedPlace(List<Place> places) implements Payload {
        public SavedPlace {
            places = List.copyOf(places);
        }
    }

    /**
     * {@code Device.DeviceState}: the info objects the device has ({@code battery}, {@code volume},
     * {@code wifi}, ...: each a record or a map of its fields) and {@code localTime} (ISO 8601 with
     * offset), written side by side in one JSON object.
     */
    public record DeviceState(Map<String, Object> infos, String localTime) implements Payload {
        public DeviceState {
            infos = Collections.unmodifiableMap(new LinkedHashMap<>(infos));
            Objects.requireNonNull(localTime, "localTime");
        }
    }
}
