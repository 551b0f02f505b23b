package dev.opencic.server.console;

import com.linecorp.armeria.common.HttpResponse;
import dev.opencic.server.auth.AccountRoles;
import dev.opencic.server.auth.ClientCredentials;
import dev.opencic.server.auth.ClientService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Administration (administrators only; the route refuses everyone else with 403): the accounts and
 * who administers, the registered clients (create one: its secret is shown once), and the server's
 * status (version, uptime, engines, devices online).
 */
final class AdminPages {

    private final ConsolePages pages;
    private final AccountRoles roles;
    private final ClientService clients;
    private final Jdbi jdbi;
    private final Supplier<Map<String, String>> status;

    AdminPages(ConsolePages pages, AccountRoles roles, ClientService clients, Jdbi jdbi,
               Supplier<Map<String, String>> status) {
        this.pages = pages;
        this.roles = roles;
        this.clients = clients;
        this.jdbi = jdbi;
        this.status = status;
    }

    HttpResponse overview(ConsoleRequest r) {
        return overview(r, null);
    }

    private HttpResponse overview(ConsoleRequest r, ClientCredentials created) {
        return pages.page("admin.jte", "user", r.signedIn(), "accounts", roles.list(), "clients", clientRows(),
                "status", status.get(), "created", created);
    }

    HttpResponse createClient(ConsoleRequest r) {
        String name = r.required("name", "The client's name");
        ClientCredentials created = clients.createClient(name);
        // Shown on this answer only: the secret is stored as a digest and cannot be shown again.
        return overview(r, created);
    }

    HttpResponse grantAdmin(ConsoleRequest r) {
        String username = r.required("username", "The user name");
        String accountId = roles.list().stream().filter(a -> a.username().equals(username)).findFirst()
                .orElseThrow(() -> new ConsoleException(404, "No account has that user name.")).accountId();
        roles.grantAdmin(accountId);
        return ConsolePages.redirect("/console/admin");
    }

    private List<ClientRow> clientRows() {
        // The clients table is read here for listing only; creating and checking stay in ClientService.
        return jdbi.withHandle(h -> h.createQuery("SELECT client_id, name, created_at FROM clients ORDER BY name")
                .map((rs, ctx) -> new ClientRow(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))))
                .list());
    }
}
