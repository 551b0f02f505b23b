package dev.opencic.server.skill.weather;

import java.util.Optional;

/** Each account's saved place (at most one). Blocking; call off the event loop. */
public interface SavedPlaceRepository {

    /** Sets the account's place, replacing any earlier one. */
    void save(SavedPlace place);

    Optional<SavedPlace> find(String accountId);

    /** @return whether there was a place to delete */
    boolean delete(String accountId);
}
