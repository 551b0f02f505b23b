package dev.opencic.server.skill.music;

import com.linecorp.armeria.server.ServiceRequestContext;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.AudioPlayer;
import dev.opencic.protocol.payload.PlaybackController;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@code AudioPlayer} and {@code PlaybackController} directives. The first
 * {@link #URLS_UP_FRONT} entries of a queue carry their signed stream URL; later ones carry
 * {@code clova:<token>} with {@code urlPlayable: false}, and the device asks for the URL with
 * {@code AudioPlayer.StreamRequested} right before it plays them (so the URLs it gets are fresh).
 */
final class MusicDirectives {

    static final int URLS_UP_FRONT = 3;
    static final String AUDIO_ITEM_TYPE = "opencic-library";
    static final String SOURCE_NAME = "OpenCIC music library";
    static final long PROGRESS_INTERVAL_MS = 30_000;
    /** A progress report every interval, none after a delay or at a position (written as nulls). */
    private static final AudioPlayer.ProgressReport PROGRESS =
            new AudioPlayer.ProgressReport(null, PROGRESS_INTERVAL_MS, null);
    private static final AudioPlayer.Source SOURCE = new AudioPlayer.Source(SOURCE_NAME);

    private final StreamUrls urls;
    private final String configuredBaseUrl;
    private final int configuredPort;
    private final Duration ttl;
    private final Clock clock;

    MusicDirectives(StreamUrls urls, String configuredBaseUrl, int configuredPort, Duration ttl, Clock clock) {
        this.urls = urls;
        this.configuredBaseUrl = configuredBaseUrl;
        this.configuredPort = configuredPort;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** {@code AudioPlayer.Play} for each entry: the first replaces the device's queue, the rest are enqueued. */
    List<Directive> play(List<Player.Item> items, long beginAtMs, String deviceId, String dialogRequestId) {
        List<Directive> out = new ArrayList<>(items.size());
        long startsInMs = -beginAtMs;
        for (int i = 0; i < items.size(); i++) {
            Player.Item item = items.get(i);
            Track t = item.track();
            String url;
            boolean playable = i < URLS_UP_FRONT;
            if (playable) {
                // Valid until the track is due to end, plus the TTL for pauses and seeks.
                url = url(t, deviceId, Math.max(0, startsInMs) + t.durationMs());
            } else {
                url = "clova:" + item.token();
            }
            var stream = new AudioPlayer.AudioStreamInfo(item.token(), url, playable, i == 0 ? beginAtMs : 0L,
                    t.durationMs() > 0 ? t.durationMs() : null, PROGRESS);
            var album = t.album() == null ? null
                    : new AudioPlayer.Album(t.album(), t.genre() == null ? null : List.of(t.genre()));
            var audioItem = new AudioPlayer.AudioItem(item.audioItemId(), t.title(),
                    t.artist() == null ? List.of() : List.of(t.artist()), t.title(),
                    t.artist() == null ? "" : t.artist(), t.album(), null, null, stream, t.id(), AUDIO_ITEM_TYPE, album);
            startsInMs += t.durationMs();
            out.add(Directive.of(dialogRequestId, new AudioPlayer.Play(audioItem,
                    i == 0 ? AudioPlayer.PlayBehavior.REPLACE_ALL : AudioPlayer.PlayBehavior.ENQUEUE, SOURCE)));
        }
        return out;
    }

    /** {@code AudioPlayer.StreamDeliver}: the URL of an entry the device is about to play. */
    Directive streamDeliver(Player.Item item, String deviceId, String dialogRequestId) {
        var stream = new AudioPlayer.AudioStreamInfo(item.token(),
                url(item.track(), deviceId, item.track().durationMs()), true, null, null, null);
        // The reference's table calls the object audioStream, its examples stream: send both.
        return Directive.of(dialogRequestId, new AudioPlayer.StreamDeliver(item.audioItemId(), stream, stream));
    }

    static Directive control(String name, String dialogRequestId) {
        return Directive.of(Namespaces.PLAYBACK_CONTROLLER, name, dialogRequestId);
    }

    /**
     * The repeat mode for this device: the 2018 {@code SetRepeatMode} when its PlaybackState
     * reports a {@code repeatMode} (it knows the field), else the 2017 seed's {@code
     * TurnOnRepeatMode}/{@code TurnOffRepeatMode} (deprecated in 2018, still what a seed device takes).
     */
    static Directive repeat(Player player, boolean on, String dialogRequestId) {
        if (player.reportsRepeatMode()) {
            return Directive.of(dialogRequestId, new PlaybackController.SetRepeatMode(
                    on ? PlaybackController.REPEAT_ONE : PlaybackController.REPEAT_NONE));
        }
        return control(on ? "TurnOnRepeatMode" : "TurnOffRepeatMode", dialogRequestId);
    }

    /** {@code AudioPlayer.ClearQueue}. */
    static Directive clearQueue(AudioPlayer.ClearBehavior behavior, String dialogRequestId) {
        return Directive.of(dialogRequestId, new AudioPlayer.ClearQueue(behavior));
    }

    private String url(Track t, String deviceId, long validForMs) {
        return baseUrl() + urls.sign(t.id(), deviceId, clock.instant().plusMillis(validForMs).plus(ttl));
    }

    /**
     * The configured base URL, or the scheme and authority the device used to reach us for the
     * current request (so a device behind a port mapping gets an address it can use).
     */
    String baseUrl() {
        if (configuredBaseUrl != null) {
            return configuredBaseUrl;
        }
        ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        if (ctx != null) {
            String authority = ctx.request().authority();
            if (authority != null && !authority.isBlank()) {
                return (ctx.sessionProtocol().isTls() ? "https" : "http") + "://" + authority;
            }
        }
        return "http://localhost:" + configuredPort;
    }
}
