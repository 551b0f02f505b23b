package dev.opencic.server.skill.music;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Namespaces;
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
            Directive d = Directive.of(Namespaces.AUDIO_PLAYER, "Play", dialogRequestId);
            ObjectNode audioItem = d.payload().putObject("audioItem");
            Track t = item.track();
            audioItem.put("audioItemId", item.audioItemId())
                     .put("id", t.id())
                     .put("type", AUDIO_ITEM_TYPE)
                     .put("title", t.title())
                     .put("titleText", t.title());
            var artists = audioItem.putArray("artists");
            if (t.artist() != null) {
                artists.add(t.artist());
                audioItem.put("titleSubText1", t.artist());
            } else {
                audioItem.put("titleSubText1", "");
            }
            if (t.album() != null) {
                ObjectNode album = audioItem.putObject("album").put("title", t.album());
                if (t.genre() != null) {
                    album.putArray("genres").add(t.genre());
                }
                audioItem.put("titleSubText2", t.album());
            }
            ObjectNode stream = audioItem.putObject("stream");
            stream.put("token", item.token())
                  .put("beginAtInMilliseconds", i == 0 ? beginAtMs : 0);
            if (t.durationMs() > 0) {
                stream.put("durationInMilliseconds", t.durationMs());
            }
            ObjectNode progress = stream.putObject("progressReport");
            progress.putNull("progressReportDelayInMilliseconds");
            progress.put("progressReportIntervalInMilliseconds", PROGRESS_INTERVAL_MS);
            progress.putNull("progressReportPositionInMilliseconds");
            if (i < URLS_UP_FRONT) {
                // Valid until the track is due to end, plus the TTL for pauses and seeks.
                long validMs = Math.max(0, startsInMs) + t.durationMs();
                stream.put("url", url(t, deviceId, validMs)).put("urlPlayable", true);
            } else {
                stream.put("url", "clova:" + item.token()).put("urlPlayable", false);
            }
            startsInMs += t.durationMs();
            d.payload().put("playBehavior", i == 0 ? "REPLACE_ALL" : "ENQUEUE");
            d.payload().putObject("source").put("name", SOURCE_NAME);
            out.add(d);
        }
        return out;
    }

    /** {@code AudioPlayer.StreamDeliver}: the URL of an entry the device is about to play. */
    Directive streamDeliver(Player.Item item, String deviceId, String dialogRequestId) {
        Directive d = Directive.of(Namespaces.AUDIO_PLAYER, "StreamDeliver", dialogRequestId);
        d.payload().put("audioItemId", item.audioItemId());
        ObjectNode stream = d.payload().putObject("audioStream");
        stream.put("token", item.token())
              .put("url", url(item.track(), deviceId, item.track().durationMs()))
              .put("urlPlayable", true);
        // The reference's table calls the object audioStream, its examples stream: send both.
        d.payload().set("stream", stream.deepCopy());
        return d;
    }

    static Directive control(String name, String dialogRequestId) {
        return Directive.of(Namespaces.PLAYBACK_CONTROLLER, name, dialogRequestId);
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
