package dev.opencic.server.console;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import dev.opencic.server.console.MusicRows.AlbumRow;
import dev.opencic.server.console.MusicRows.ArtistRow;
import dev.opencic.server.console.MusicRows.TrackRow;
import dev.opencic.server.skill.music.MusicModule;
import dev.opencic.server.skill.music.Track;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Music: the library as the music skill knows it (its tracks' artist, album and title tags), by
 * artist, then an artist's albums and tracks; "play on" a chosen online device of the account plays
 * a track, an album or all of an artist through {@link MusicModule#playOn}: the queue and
 * {@code AudioPlayer.Play} directives the skill sends for "play X", pushed on that device's
 * downchannel. The library is the server's, shared by its accounts; the devices are the account's own.
 */
final class MusicPages {

    /** What the library calls tracks without an artist tag. */
    static final String UNKNOWN_ARTIST = "(unknown artist)";
    private static final String UNKNOWN_ALBUM = "(no album)";
    private static final Comparator<Track> ALBUM_ORDER = Comparator
            .comparing((Track t) -> Objects.requireNonNullElse(t.album(), "\uffff"))
            .thenComparingInt(Track::trackNumber).thenComparing(Track::title);

    private final ConsolePages pages;
    private final MusicModule music;
    private final AccountDevices devices;

    MusicPages(ConsolePages pages, MusicModule music, AccountDevices devices) {
        this.pages = pages;
        this.music = music;
        this.devices = devices;
    }

    HttpResponse browse(ConsoleRequest r) {
        return page(r, HttpStatus.OK, r.param("artist"), message(r.param("done")), null);
    }

    HttpResponse play(ConsoleRequest r) {
        String artist = r.param("artist");
        return ConsoleForms.orRefused(() -> {
            DeviceChoice device = devices.chosen(r, "device");
            if (!device.online()) {
                throw new ConsoleException(400, device.label() + " is offline: music plays on a connected device.");
            }
            List<Track> tracks = chosenTracks(r, artist);
            boolean pushed;
            try {
                pushed = music.playOn(device.identity(), tracks).get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pushed = false;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                pushed = false;
            }
            if (!pushed) {
                throw new ConsoleException(400, device.label() + " did not take the music: is it still connected?");
            }
            return ConsolePages.redirect("/console/music?done=playing"
                    + (artist == null ? "" : "&artist=" + URLEncoder.encode(artist, StandardCharsets.UTF_8)));
        }, error -> page(r, HttpStatus.BAD_REQUEST, artist, null, error));
    }

    /** A track by its id, an artist's album, or all of an artist's tracks; none found is "no such music" (404). */
    private List<Track> chosenTracks(ConsoleRequest r, String artist) {
        String trackId = r.param("track");
        if (trackId != null) {
            return music.library().track(trackId).map(List::of)
                    .orElseThrow(() -> new ConsoleException(404, "The library has no such track."));
        }
        if (artist == null) {
            throw new ConsoleException(400, "Choose a track, an album or an artist to play.");
        }
        String album = r.param("album");
        List<Track> tracks = byArtist(artist).stream()
                .filter(t -> album == null || album.equals(Objects.requireNonNullElse(t.album(), UNKNOWN_ALBUM)))
                .sorted(ALBUM_ORDER).toList();
        if (tracks.isEmpty()) {
            throw new ConsoleException(404, "The library has no such music.");
        }
        return tracks;
    }

    private List<Track> byArtist(String artist) {
        return music.library().tracks().stream()
                .filter(t -> artist.equals(Objects.requireNonNullElse(t.artist(), UNKNOWN_ARTIST))).toList();
    }

    private HttpResponse page(ConsoleRequest r, HttpStatus status, String artist, String message, String error) {
        ConsoleUser user = r.signedIn();
        List<DeviceChoice> online = devices.of(user.accountId()).stream().filter(DeviceChoice::online).toList();
        List<ArtistRow> artists = null;
        List<AlbumRow> albums = null;
        if (artist == null) {
            Map<String, List<Track>> grouped = music.library().tracks().stream().collect(Collectors.groupingBy(
                    t -> Objects.requireNonNullElse(t.artist(), UNKNOWN_ARTIST), TreeMap::new, Collectors.toList()));
            artists = grouped.entrySet().stream().map(e -> new ArtistRow(e.getKey(),
                    (int) e.getValue().stream().map(Track::album).filter(Objects::nonNull).distinct().count(),
                    e.getValue().size())).toList();
        } else {
            Map<String, List<TrackRow>> byAlbum = new LinkedHashMap<>();
            for (Track t : byArtist(artist).stream().sorted(ALBUM_ORDER).toList()) {
                byAlbum.computeIfAbsent(Objects.requireNonNullElse(t.album(), UNKNOWN_ALBUM), a -> new java.util.ArrayList<>())
                        .add(new TrackRow(t.id(), t.title(), t.trackNumber() > 0 ? Integer.toString(t.trackNumber()) : "",
                                length(t.durationMs())));
            }
            if (byAlbum.isEmpty() && status == HttpStatus.OK) {
                throw new ConsoleException(404, "The library has no music by that artist.");
            }
            albums = byAlbum.entrySet().stream().map(e -> new AlbumRow(e.getKey(), e.getValue())).toList();
        }
        return pages.page(status, "music.jte", List.of(), "user", user, "artist", artist, "artists", artists,
                "albums", albums, "devices", online, "trackCount", music.library().size(), "message", message,
                "error", error);
    }

    private static String length(long ms) {
        if (ms <= 0) {
            return "";
        }
        long s = Math.round(ms / 1000.0);
        return s / 60 + ":" + String.format("%02d", s % 60);
    }

    private static String message(String done) {
        return "playing".equals(done) ? "Playing on your device." : null;
    }
}
