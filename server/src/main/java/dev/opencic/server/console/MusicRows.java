package dev.opencic.server.console;

import java.util.List;

/** The music library as the music page shows it: artists, an artist's albums, an album's tracks. */
public final class MusicRows {

    private MusicRows() {}

    public record ArtistRow(String name, int albums, int tracks) {}

    public record AlbumRow(String name, List<TrackRow> tracks) {}

    public record TrackRow(String id, String title, String number, String length) {}
}
