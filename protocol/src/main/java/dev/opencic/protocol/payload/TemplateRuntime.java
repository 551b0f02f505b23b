package dev.opencic.protocol.payload;

import java.util.List;

/**
 * The payloads of the {@code TemplateRuntime} namespace (TemplateRuntime.md of the later
 * reference): what a media player with a screen shows for the music, and the device's Like buttons.
 */
public final class TemplateRuntime {
    private TemplateRuntime() {}

    /** {@code controls[].name} values of the reference (its example adds {@code LIKE_DISLIKE}). */
    public static final String NEXT = "NEXT";
    public static final String PLAY_PAUSE = "PLAY_PAUSE";
    public static final String PREVIOUS = "PREVIOUS";
    public static final String LIKE_DISLIKE = "LIKE_DISLIKE";

    /** A button of the player: whether it is enabled and whether it is selected (a liked song's Like). */
    public record Control(boolean enabled, String name, boolean selected, String type) {

        /** A {@code BUTTON}, the one type the reference has. */
        public static Control button(String name, boolean enabled, boolean selected) {
            return new Control(enabled, name, selected, "BUTTON");
        }
    }

    /** {@code playableItems[].lyrics[]}: {@code data} or {@code url}, in format {@code LRC} or {@code PLAIN}. */
    public record Lyrics(String data, String format, String url) {}

    /**
     * {@code playableItems[]}: one entry of the list; {@code token} is what {@code LikeCommandIssued},
     * {@code UnlikeCommandIssued}, {@code RequestPlayerInfo} and {@code PlaybackController.PlayCommandIssued}
     * name it by.
     */
    public record PlayableItem(String artImageUrl, List<Control> controls, String headerText, List<Lyrics> lyrics,
                               boolean showAdultIcon, String titleSubText1, String titleSubText2, String titleText,
                               String token) {

        public PlayableItem {
            controls = controls == null ? null : List.copyOf(controls);
            lyrics = lyrics == null ? null : List.copyOf(lyrics);
        }
    }

    /** {@code provider}: who the music comes from. */
    public record Provider(String logoUrl, String name, String smallLogoUrl) {}

    /** Directive {@code RenderPlayerInfo}: the player's buttons and list ({@code displayType} {@code list} or {@code single}). */
    public record RenderPlayerInfo(List<Control> controls, String displayType, List<PlayableItem> playableItems,
                                   Provider provider) implements Payload {

        public RenderPlayerInfo {
            controls = controls == null ? List.of() : List.copyOf(controls);
            playableItems = playableItems == null ? List.of() : List.copyOf(playableItems);
        }
    }

    /** Directive {@code ExpectRequestPlayerInfo}: no fields; the device answers with {@link RequestPlayerInfo}. */
    public record ExpectRequestPlayerInfo() implements Payload {}

    /** {@code range} of {@link RequestPlayerInfo}: how many items before and after the token's. */
    public record Range(Integer before, Integer after) {}

    /**
     * Event {@code RequestPlayerInfo} (the reference's section calls it {@code RequestPlayerInfoIssued}):
     * the list around {@code token}; no range means as many as the server likes.
     */
    public record RequestPlayerInfo(String token, Range range) implements Payload {}

    /** Events {@code LikeCommandIssued} and {@code UnlikeCommandIssued}: the item's {@code token}. */
    public record LikeCommand(String token) implements Payload {}
}
