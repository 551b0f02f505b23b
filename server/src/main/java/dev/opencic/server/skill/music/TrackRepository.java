package dev.opencic.server.skill.music;

import java.util.Collection;
import java.util.List;

/** The indexed tracks of the music library. */
public interface TrackRepository {

    List<Track> findAll();

    /** Inserts or replaces the rows of these tracks, in one transaction. */
    void upsert(Collection<Track> tracks);

    /** Removes the rows of these track ids, in one transaction. */
    void delete(Collection<String> trackIds);
}
