package dev.opencic.server.extension;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * The {@code extensions} and {@code extension_disabled_accounts} tables (migration V18). Enabled is
 * the default: an account is disabled for an extension only while it has a row.
 */
public final class ExtensionStore {

    private static final String COLUMNS = "name, url, model_json, push_secret_hash, updated_at";
    private static final RowMapper<Registration> ROW = ConstructorMapper.of(Registration.class);

    private final Jdbi jdbi;

    public ExtensionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Adds a new extension; false when the name is taken (nothing changed). */
    public boolean add(Registration r) {
        return jdbi.inTransaction(h -> {
            if (h.select("SELECT COUNT(*) FROM extensions WHERE name = ?", r.name()).mapTo(Integer.class).one() > 0) {
                return false;
            }
            h.createUpdate("INSERT INTO extensions (" + COLUMNS + ")"
                           + " VALUES (:name, :url, :modelJson, :pushSecretHash, :updatedAt)")
             .bindMethods(r).execute();
            return true;
        });
    }

    /** Replaces the URL and model of an existing extension; false when there is none of that name. */
    public boolean update(Registration r) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE extensions SET url = :url, model_json = :modelJson,"
                                                   + " updated_at = :updatedAt WHERE name = :name")
                                     .bindMethods(r).execute()) > 0;
    }

    public Optional<Registration> find(String name) {
        return jdbi.withHandle(h -> h.select("SELECT " + COLUMNS + " FROM extensions WHERE name = ?", name)
                                     .map(ROW).findOne());
    }

    public List<Registration> all() {
        return jdbi.withHandle(h -> h.select("SELECT " + COLUMNS + " FROM extensions ORDER BY name").map(ROW).list());
    }

    /** Removes the extension and its per-account settings; false when there was none. */
    public boolean remove(String name) {
        return jdbi.inTransaction(h -> {
            h.execute("DELETE FROM extension_disabled_accounts WHERE extension_name = ?", name);
            return h.execute("DELETE FROM extensions WHERE name = ?", name) > 0;
        });
    }

    /** Turns the extension off (or back on) for one account; true when that changed anything. */
    public boolean setEnabled(String name, String accountId, boolean enabled) {
        return jdbi.inTransaction(h -> {
            boolean disabled = h.select("SELECT COUNT(*) FROM extension_disabled_accounts WHERE extension_name = ?"
                                        + " AND account_id = ?", name, accountId).mapTo(Integer.class).one() > 0;
            if (enabled && disabled) {
                h.execute("DELETE FROM extension_disabled_accounts WHERE extension_name = ? AND account_id = ?",
                        name, accountId);
                return true;
            }
            if (!enabled && !disabled) {
                h.execute("INSERT INTO extension_disabled_accounts (extension_name, account_id) VALUES (?, ?)",
                        name, accountId);
                return true;
            }
            return false;
        });
    }

    /** The accounts that turned this extension off. */
    public Set<String> disabledAccounts(String name) {
        return Set.copyOf(jdbi.withHandle(h -> h.select("SELECT account_id FROM extension_disabled_accounts"
                                                        + " WHERE extension_name = ?", name)
                                                .mapTo(String.class).list()));
    }
}
