package dev.opencic.protocol.payload;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The {@code Notifier} directives of the later reference (Notifier.md): the server turns a device's
 * notification indicator on and off, and tells it of a notice, always on the downchannel or with an
 * answer, never as the reply to an event of the namespace (it has none).
 */
public final class Notifier {
    private Notifier() {}

    /** The reference's scheme for the device's own notification sound. */
    public static final String DEFAULT_SOUND = "clova://notifier/sound/default";

    /** {@code light}: turn the light indicator on. */
    public static final String LIGHT_DEFAULT = "DEFAULT";

    /** {@code light}: leave the light indicator off. */
    public static final String LIGHT_NONE = "NONE";

    /** One sound of a notice: an id and where to get it ({@link #DEFAULT_SOUND} or an http(s) URL). */
    public record Asset(String assetId, String url) {}

    /**
     * {@code SetIndicator}: a notice is waiting unread. {@code newNotice} (JSON {@code new}) is
     * {@code true} when the notice is new since the device last heard of it, {@code false} when the
     * indicator is only being put back (e.g. on reconnect).
     */
    public record SetIndicator(List<Asset> assets, List<String> assetPlayOrder,
                               @JsonProperty("new") boolean newNotice, String light) implements Payload {
        public SetIndicator {
            assets = assets == null ? List.of() : List.copyOf(assets);
            assetPlayOrder = assetPlayOrder == null ? List.of() : List.copyOf(assetPlayOrder);
        }
    }

    /** {@code ClearIndicator}: every notice has been read; lights and sounds off. No fields. */
    public record ClearIndicator() implements Payload {}

    /** {@code Notify}: tell the user of a notice now: the light, then the sounds in {@code assetPlayOrder}. */
    public record Notify(List<Asset> assets, List<String> assetPlayOrder, String light) implements Payload {
        public Notify {
            assets = assets == null ? List.of() : List.copyOf(assets);
            assetPlayOrder = assetPlayOrder == null ? List.of() : List.copyOf(assetPlayOrder);
        }
    }
}
