package dev.opencic.server.skill.music;

import java.util.Collection;
import java.util.Set;

/** The tracks each account likes (migration V12, {@code track_likes}). */
public interface LikeStore {

    /** Marks the track liked; whether it was not liked before. */
    boolean like(String accountId, String trackId);

    /** Removes the like; whether there was one. */
    boolean unlike(String accountId, String trackId);

    /** Which of these tracks the account likes. */
    Set<String> liked(String accountId, Collection<String> trackIds);
}
