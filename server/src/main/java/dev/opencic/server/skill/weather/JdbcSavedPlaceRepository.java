package dev.opencic.server.skill.weather;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** {@link SavedPlaceRepository} on the {@code saved_places} table (migration V6). */
public final class JdbcSavedPlaceRepository implements SavedPlaceRepository {

    private static final String COLUMNS = "account_id, name, latitude, longitude, updated_at";
    private static final RowMapper<SavedPlace> ROW = ConstructorMapper.of(SavedPlace.class);

    private final Jdbi jdbi;

    public JdbcSavedPlaceRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void save(SavedPlace p) {
        // Update, else insert: portable where MERGE and ON CONFLICT are not.
        jdbi.useTransaction(h -> {
            int updated = h.createUpdate("UPDATE saved_places SET name = :name, latitude = :latitude,"
                                         + " longitude = :longitude, updated_at = :updatedAt WHERE account_id = :accountId")
                           .bindMethods(p).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO saved_places (" + COLUMNS + ")"
                               + " VALUES (:accountId, :name, :latitude, :longitude, :updatedAt)")
                 .bindMethods(p).execute();
            }
        });
    }

    @Override
    public Optional<SavedPlace> find(String accountId) {
        return jdbi.withHandle(h -> h.select("SELECT " + COLUMNS + " FROM saved_places WHERE account_id = ?", accountId)
                                     .map(ROW).findOne());
    }

    @Override
    public boolean delete(String accountId) {
        return jdbi.withHandle(h -> h.execute("DELETE FROM saved_places WHERE account_id = ?", accountId)) > 0;
    }
}
