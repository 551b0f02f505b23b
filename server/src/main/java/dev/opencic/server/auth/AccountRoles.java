package dev.opencic.server.auth;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Which accounts are administrators (table {@code account_roles}, V19), and whether any account
 * exists yet (the console's first-run page is open only while none does). Blocking; call off the
 * event loop.
 */
public final class AccountRoles {

    public static final String ADMIN = "admin";

    private final Jdbi jdbi;
    private final Clock clock;

    public AccountRoles(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public boolean isAdmin(String accountId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM account_roles WHERE account_id = :a AND role = :r")
                .bind("a", accountId).bind("r", ADMIN).mapTo(Integer.class).one()) > 0;
    }

    /** Makes the account an administrator; false if it already was one. */
    public boolean grantAdmin(String accountId) {
        if (isAdmin(accountId)) {
            return false;
        }
        jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO account_roles (account_id, role, granted_at) VALUES (:a, :r, :t)")
                .bind("a", accountId).bind("r", ADMIN).bind("t", clock.millis()).execute());
        return true;
    }

    /** What {@link #revokeAdmin} did. */
    public enum Revoked { REVOKED, WAS_NOT_ADMIN, LAST_ADMIN }

    /**
     * Takes the administrator role from the account, unless it is the last administrator (the
     * console would have nobody left to administer it). The administrators' rows are locked while
     * counting, so two administrators removing each other at once cannot leave none.
     */
    public Revoked revokeAdmin(String accountId) {
        return jdbi.inTransaction(h -> {
            List<String> admins = h.createQuery("SELECT account_id FROM account_roles WHERE role = :r FOR UPDATE")
                    .bind("r", ADMIN).mapTo(String.class).list();
            if (!admins.contains(accountId)) {
                return Revoked.WAS_NOT_ADMIN;
            }
            if (admins.size() <= 1) {
                return Revoked.LAST_ADMIN;
            }
            h.createUpdate("DELETE FROM account_roles WHERE account_id = :a AND role = :r")
                    .bind("a", accountId).bind("r", ADMIN).execute();
            return Revoked.REVOKED;
        });
    }

    public boolean anyAccountExists() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM accounts").mapTo(Integer.class).one()) > 0;
    }

    /** An account's user name, if the account exists. */
    public Optional<String> username(String accountId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT username FROM accounts WHERE account_id = :a")
                .bind("a", accountId).mapTo(String.class).findOne());
    }

    /** Every account, by user name, with whether it is an administrator. */
    public List<AccountSummary> list() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT a.account_id, a.username, a.created_at,
                               (SELECT COUNT(*) FROM account_roles r WHERE r.account_id = a.account_id AND r.role = 'admin') AS admins
                        FROM accounts a ORDER BY a.username""")
                .map((rs, ctx) -> new AccountSummary(rs.getString("account_id"), rs.getString("username"),
                        java.time.Instant.ofEpochMilli(rs.getLong("created_at")), rs.getInt("admins") > 0))
                .list());
    }

    /** One row of {@link #list()}. */
    public record AccountSummary(String accountId, String username, java.time.Instant createdAt, boolean admin) {}
}
