package dev.opencic.server.skill.music;

import dev.opencic.server.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/** {@link TrackRepository} on the {@code music_tracks} table (migration V2). */
public final class JdbcTrackRepository implements TrackRepository {

    private static final String COLUMNS = "track_id, path, title, artist, album, genre, track_number, duration_ms, "
            + "format, size_bytes, modified_at, tagged, indexed_at";

    private final DataSource dataSource;
    private final Clock clock;

    public JdbcTrackRepository(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public List<Track> findAll() {
        String sql = "SELECT " + COLUMNS + " FROM music_tracks";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<Track> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Track(rs.getString("track_id"), Path.of(rs.getString("path")), rs.getString("title"),
                        rs.getString("artist"), rs.getString("album"), rs.getString("genre"),
                        rs.getInt("track_number"), rs.getLong("duration_ms"), rs.getString("format"),
                        rs.getLong("size_bytes"), rs.getLong("modified_at"), rs.getBoolean("tagged")));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("database error (" + e.getSQLState() + ") reading music_tracks", e);
        }
    }

    @Override
    public void upsert(Collection<Track> tracks) {
        if (tracks.isEmpty()) {
            return;
        }
        long now = clock.millis();
        inTransaction("upserting music_tracks", c -> {
            // Delete then insert: portable where MERGE and ON CONFLICT are not.
            try (PreparedStatement del = c.prepareStatement("DELETE FROM music_tracks WHERE track_id = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO music_tracks (" + COLUMNS
                         + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Track t : tracks) {
                    del.setString(1, t.id());
                    del.addBatch();
                    ins.setString(1, t.id());
                    ins.setString(2, t.path().toString());
                    ins.setString(3, clip(t.title(), 512));
                    setNullable(ins, 4, clip(t.artist(), 512));
                    setNullable(ins, 5, clip(t.album(), 512));
                    setNullable(ins, 6, clip(t.genre(), 128));
                    ins.setInt(7, t.trackNumber());
                    ins.setLong(8, t.durationMs());
                    ins.setString(9, t.format());
                    ins.setLong(10, t.sizeBytes());
                    ins.setLong(11, t.modifiedAt());
                    ins.setBoolean(12, t.tagged());
                    ins.setLong(13, now);
                    ins.addBatch();
                }
                del.executeBatch();
                ins.executeBatch();
            }
        });
    }

    @Override
    public void delete(Collection<String> trackIds) {
        if (trackIds.isEmpty()) {
            return;
        }
        inTransaction("deleting from music_tracks", c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM music_tracks WHERE track_id = ?")) {
                for (String id : trackIds) {
                    del.setString(1, id);
                    del.addBatch();
                }
                del.executeBatch();
            }
        });
    }

    @FunctionalInterface
    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private void inTransaction(String what, Work work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("database error (" + e.getSQLState() + ") " + what, e);
        }
    }

    private static void setNullable(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
