package dev.opencic.server.skill.music;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.store.StoreContract;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The music library's rows: a rescan replaces a track's row, unknown tags stay unknown. */
abstract class TrackRepositoryContract extends StoreContract {

    TrackRepository tracks;

    @BeforeEach
    void createRepository() {
        tracks = new JdbcTrackRepository(db.jdbi(), Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
    }

    static Track track(String id, String title, String artist) {
        return new Track(id, Path.of("/music/" + id + ".ogg"), title, artist, artist == null ? null : "Album", null,
                artist == null ? 0 : 3, 181_000, "ogg", 2_345_678, 1_700_000_000_000L, artist != null);
    }

    @Test
    void upsertReplacesRowsAndDeleteRemovesThem() {
        Track a = track("a", "Blue in Green", "Miles Davis");
        Track b = track("b", "untitled", null);
        tracks.upsert(List.of(a, b));
        assertThat(tracks.findAll()).containsExactlyInAnyOrder(a, b);

        Track retagged = track("b", "So What", "Miles Davis");
        tracks.upsert(List.of(retagged));
        assertThat(tracks.findAll()).containsExactlyInAnyOrder(a, retagged);

        Track longTitle = track("c", "x".repeat(600), null);
        tracks.upsert(List.of(longTitle));
        assertThat(tracks.findAll()).filteredOn(t -> t.id().equals("c")).singleElement()
                .extracting(Track::title).isEqualTo("x".repeat(512));

        tracks.delete(List.of("a", "c", "never-there"));
        assertThat(tracks.findAll()).containsExactly(retagged);
        tracks.upsert(List.of());
        tracks.delete(List.of());
        assertThat(tracks.findAll()).containsExactly(retagged);
    }
}
