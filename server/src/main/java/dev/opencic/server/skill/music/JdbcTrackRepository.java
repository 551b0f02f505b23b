package dev.opencic.server.skill.music;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** {@link TrackRepository} on the {@code music_tracks} table (migration V2). */
public final class JdbcTrackRepository implements TrackRepository {

    private static final String COLUMNS = "track_id, path, title, artist, album, genre, track_number, duration_ms, "
            + "format, size_bytes, modified_at, tagged, indexed_at";

    private final Jdbi jdbi;
    private final Clock clock;

    public JdbcTrackRepository(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public List<Track> findAll() {
        return jdbi.withHandle(h -> h.select("SELECT " + COLUMNS + " FROM music_tracks")
                                     .map((rs, ctx) -> new Track(rs.getString("track_id"), Path.of(rs.getString("path")),
                                             rs.getString("title"), rs.getString("artist"), rs.getString("album"),
                                             rs.getString("genre"), rs.getInt("track_number"), rs.getLong("duration_ms"),
                                             rs.getString("format"), rs.getLong("size_bytes"), rs.getLong("modified_at"),
                                             rs.getBoolean("tagged")))
                                     .list());
    }

    @Override
    public void upsert(Collection<Track> tracks) {
        if (tracks.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        // Delete then insert: portable where MERGE and ON CONFLICT are not.
        jdbi.useTransaction(h -> {
            deleteAll(h, tracks.stream().map(Track::id).toList());
            PreparedBatch insert = h.prepareBatch("INSERT INTO music_tracks (" + COLUMNS + ")"
                                                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            for (Track t : tracks) {
                insert.bind(0, t.id()).bind(1, t.path().toString()).bind(2, clip(t.title(), 512))
                      .bind(3, clip(t.artist(), 512)).bind(4, clip(t.album(), 512)).bind(5, clip(t.genre(), 128))
                      .bind(6, t.trackNumber()).bind(7, t.durationMs()).bind(8, t.format())
                      .bind(9, t.sizeBytes()).bind(10, t.modifiedAt()).bind(11, t.tagged()).bind(12, now)
                      .add();
            }
            insert.execute();
        });
    }

    @Override
    public void delete(Collection<String> trackIds) {
        if (!trackIds.isEmpty()) {
            jdbi.useTransaction(h -> deleteAll(h, trackIds));
        }
    }

    private static void deleteAll(Handle h, Collection<String> trackIds) {
        PreparedBatch delete = h.prepareBatch("DELETE FROM music_tracks WHERE track_id = ?");
        trackIds.forEach(id -> delete.add(id));
        delete.execute();
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
