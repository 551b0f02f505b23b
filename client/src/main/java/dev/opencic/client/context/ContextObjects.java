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

    /** {@code playerActivity} of a {@link SpeechState}. */
    public enum SpeechActivity {
        /** Speaking now. */
        PLAYING,
        /** Stopped before its end (the user spoke, or something else interrupted it). */
        STOPPED,
        /** Spoken to its end. */
        FINISHED
    }

    /** {@code SpeechSynthesizer.SpeechState}: the token of the Speak and how its speech is doing. */
    public record SpeechState(String token, SpeechActivity playerActivity) implements Payload {
        public SpeechState {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(playerActivity, "playerActivity");
        }
    }

    /** {@code contentLayer} of a {@link Display}: the content area in pixels. */
    public record ContentLayer(int width, int height) {
        public ContentLayer {
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException("contentLayer: " + width + "x" + height + " (expected: > 0)");
            }
        }
    }

    /**
     * {@code Device.Display}: {@code size} one of none, s100, m100, l100, xl100 or custom; unless
     * none, {@code orientation} (landscape or portrait) and {@code dpi}; {@code contentLayer} is
     * required for custom and optional otherwise. Null fields are left out.
     */
    public record Display(String size, String orientation, Integer dpi, ContentLayer contentLayer) implements Payload {

        private static final java.util.Set<String> SIZES = java.util.Set.of("none", "s100", "m100", "l100", "xl100",
                "custom");

        /** A device without a display (after SIZES: the constructor reads it). */
        public static final Display NONE = new Display("none", null, null, null);

        /** @throws IllegalArgumentException for a size, orientation or dpi Display.md does not allow */
        public Display {
            if (!SIZES.contains(size)) {
                throw new IllegalArgumentException("size: " + size + " (expected: one of " + SIZES + ")");
            }
            if (!size.equals("none")) {
                if (!"landscape".equals(orientation) && !"portrait".equals(orientation)) {
                    throw new IllegalArgumentException("orientation: " + orientation
                            + " (expected: landscape or portrait)");
                }
                if (dpi == null || dpi <= 0) {
                    throw new IllegalArgumentException("dpi: " + dpi + " (expected: > 0)");
                }
            }
            if (size.equals("custom") && contentLayer == null) {
                throw new IllegalArgumentException("contentLayer is required for size custom");
            }
        }
    }
}
