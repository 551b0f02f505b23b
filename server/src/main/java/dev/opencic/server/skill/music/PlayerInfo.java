package dev.opencic.server.skill.music;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.TemplateRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code TemplateRuntime.RenderPlayerInfo} for a device's queue: the player's buttons (Previous and
 * Next enabled where the queue allows), and a list of entries, each with its stream token (what
 * Like, Unlike, RequestPlayerInfo and PlayCommandIssued name it by), track, artist, album and a
 * {@code LIKE_DISLIKE} button selected when the account likes the track. The library has no album
 * art, lyrics or adult flag: {@code artImageUrl} and {@code lyrics} are left out, {@code
 * showAdultIcon} is false.
 */
final class PlayerInfo {

    /** Entries after the token's when the device asks without a range (the reference leaves it to the server). */
    static final int DEFAULT_AFTER = 20;
    /** No more than this many entries in one directive, whatever the range asks. */
    static final int MAX_ITEMS = MusicSkill.MAX_QUEUE;
    static final TemplateRuntime.Provider PROVIDER = new TemplateRuntime.Provider(null, MusicDirectives.SOURCE_NAME, null);

    private final LikeStore likes;

    PlayerInfo(LikeStore likes) {
        this.likes = likes;
    }

    /** Whether the event says the device has a screen ({@code Device.Display} with a size other than {@code none}). */
    static boolean hasDisplay(Event event) {
        return event.context(Namespaces.DEVICE, "Display").map(c -> {
            var size = c.payload().get("size");
            return size == null || !size.isTextual() || !size.asText().equals("none");
        }).orElse(false);
    }

    /** The list from {@code before} entries ahead of {@code index} to {@code after} past it. */
    Directive render(String accountId, Player player, int index, int before, int after, String dialogRequestId) {
        List<Player.Item> queue = player.queue();
        int from = Math.max(0, index - Math.max(0, before));
        int to = Math.min(queue.size(), index + Math.max(0, after) + 1);
        to = Math.min(to, from + MAX_ITEMS);
        List<Player.Item> shown = index < 0 ? List.of() : queue.subList(from, to);
        Set<String> liked = likes.liked(accountId, shown.stream().map(i -> i.track().id()).toList());
        List<TemplateRuntime.PlayableItem> items = new ArrayList<>(shown.size());
        for (Player.Item item : shown) {
            Track t = item.track();
            items.add(new TemplateRuntime.PlayableItem(null,
                    List.of(TemplateRuntime.Control.button(TemplateRuntime.LIKE_DISLIKE, true, liked.contains(t.id()))),
                    t.album(), null, false, t.artist() == null ? "" : t.artist(), t.album(), t.title(), item.token()));
        }
        int current = player.currentIndex();
        boolean any = current >= 0;
        List<TemplateRuntime.Control> controls = List.of(
                TemplateRuntime.Control.button(TemplateRuntime.PLAY_PAUSE, any, false),
                TemplateRuntime.Control.button(TemplateRuntime.NEXT, any && current + 1 < queue.size(), false),
                TemplateRuntime.Control.button(TemplateRuntime.PREVIOUS, any && current > 0, false));
        return Directive.of(dialogRequestId, new TemplateRuntime.RenderPlayerInfo(controls,
                items.size() == 1 ? "single" : "list", items, PROVIDER));
    }

    /** The whole queue from the current entry on (what a screen shows after a play or a like). */
    Directive renderCurrent(String accountId, Player player, String dialogRequestId) {
        return render(accountId, player, Math.max(0, player.currentIndex()), 0, DEFAULT_AFTER, dialogRequestId);
    }
}
