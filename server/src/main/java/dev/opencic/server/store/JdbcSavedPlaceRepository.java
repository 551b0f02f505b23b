package dev.opencic.server.store;

import static dev.opencic.server.store.Jdbc.instant;
import static dev.opencic.server.store.Jdbc.millis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

public final class JdbcSavedPlaceRepository implements SavedPlaceRepository {

    private static final String COLUMNS = "account_id, name, latitude, longitude, updated_at";

    private final Jdbc jdbc;

    public JdbcSavedPlaceRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void save(SavedPlace p) {
        // Update, else insert: portable where MERGE and ON CONFLICT are not.
        jdbc.inTransaction("save saved place", c -> {
            int updated = Jdbc.update(c, "UPDATE saved_places SET name = ?, latitude = ?, longitude = ?, updated_at = ?"
                    + " WHERE account_id = ?", ps -> {
                        ps.setString(1, p.name());
                        ps.setDouble(2, p.latitude());
                        ps.setDouble(3, p.longitude());
                        ps.setLong(4, millis(p.updatedAt()));
                        ps.setString(5, p.accountId());
                    });
            if (updated == 0) {
                Jdbc.update(c, "INSERT INTO saved_places (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, p.accountId());
                    ps.setString(2, p.name());
                    ps.setDouble(3, p.latitude());
                    ps.setDouble(4, p.longitude());
                    ps.setLong(5, millis(p.updatedAt()));
                });
            }
            return null;
        });
    }

    @Override
    public Optional<SavedPlace> find(String accountId) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM saved_places WHERE account_id = ?",
                ps -> ps.setString(1, accountId), JdbcSavedPlaceRepository::map);
    }

    @Override
    public boolean delete(String accountId) {
        return jdbc.update("DELETE FROM saved_places WHERE account_id = ?", ps -> ps.setString(1, accountId)) > 0;
    }

    private static SavedPlace map(ResultSet rs) throws SQLException {
        return new SavedPlace(rs.getString("account_id"), rs.getString("name"), rs.getDouble("latitude"),
                rs.getDouble("longitude"), instant(rs, "updated_at"));
    }
}
