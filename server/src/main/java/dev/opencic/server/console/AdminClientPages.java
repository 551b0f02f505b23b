package dev.opencic.server.console;

import com.linecorp.armeria.common.HttpResponse;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.auth.ClientCredentials;
import dev.opencic.server.auth.ClientService;
import dev.opencic.server.auth.TokenService;
import java.util.List;
import java.util.Set;

/**
 * The registered clients (administrators only), with the services {@code ./cic admin client} uses:
 * create one or rotate its secret (the secret is on that answer only: it is stored as a digest), or
 * delete one (its devices' tokens revoked and their downchannels closed at once).
 */
final class AdminClientPages {

    private final ConsolePages pages;
    private final ClientService clients;
    private final TokenService tokens;

    AdminClientPages(ConsolePages pages, ClientService clients, TokenService tokens) {
        this.pages = pages;
        this.clients = clients;
        this.tokens = tokens;
    }

    /** GET: the list; POST: create a client named {@code name}. */
    HttpResponse clients(ConsoleRequest r) {
        if (!r.isPost()) {
            return page(r, null, message(r.param("deleted")));
        }
        ClientCredentials created = clients.createClient(r.required("name", "The client's name"));
        return page(r, new ShownSecret("created", created), null);
    }

    HttpResponse rotate(ConsoleRequest r) {
        ClientCredentials rotated = clients.rotateSecret(r.required("client", "The client"))
                .orElseThrow(ConsoleException.supplier(404, "No client has that client_id."));
        return page(r, new ShownSecret("rotated", rotated), null);
    }

    HttpResponse delete(ConsoleRequest r) {
        Set<DeviceIdentity> signedOut = tokens.deleteClient(r.required("client", "The client"))
                .orElseThrow(ConsoleException.supplier(404, "No client has that client_id."));
        return ConsolePages.redirect("/console/admin/clients?deleted=" + signedOut.size());
    }

    private HttpResponse page(ConsoleRequest r, ShownSecret secret, String message) {
        var devices = tokens.liveDevicesPerClient();
        List<ClientRow> rows = clients.list().stream()
                .map(c -> new ClientRow(c.clientId(), c.name(), c.createdAt(), devices.getOrDefault(c.clientId(), 0)))
                .toList();
        return pages.page("admin/clients.jte", "user", r.signedIn(), "clients", rows, "secret", secret,
                "message", message);
    }

    private static String message(String deleted) {
        if (deleted == null || !deleted.matches("\\d{1,9}")) {
            return null;
        }
        return "The client was deleted; " + deleted + (deleted.equals("1") ? " device was" : " devices were")
                + " signed out.";
    }
}
