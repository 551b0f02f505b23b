package dev.opencic.server.console;

import com.linecorp.armeria.common.HttpResponse;
import dev.opencic.server.auth.AccountRoles;
import dev.opencic.server.extension.ExtensionAdmin;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The registered third-party (CEK) extensions (administrators only): name, endpoint, invocation and
 * the accounts each is disabled for; enabling or disabling one for an account runs the same service
 * as {@code ./cic admin extension enable|disable NAME --user USER}, so the extension is told with a
 * {@code SkillEnabled}/{@code SkillDisabled} EventRequest and, in a cluster, every node applies it.
 * Registering extensions stays on the command line (a model file and a push secret to keep).
 */
final class AdminExtensionPages {

    private final ConsolePages pages;
    private final ExtensionAdmin extensions;
    private final AccountRoles roles;

    AdminExtensionPages(ConsolePages pages, ExtensionAdmin extensions, AccountRoles roles) {
        this.pages = pages;
        this.extensions = extensions;
        this.roles = roles;
    }

    HttpResponse list(ConsoleRequest r) {
        List<AccountRoles.AccountSummary> accounts = roles.list();
        Map<String, String> names = accounts.stream()
                .collect(Collectors.toMap(AccountRoles.AccountSummary::accountId, AccountRoles.AccountSummary::username));
        List<ExtensionRow> rows = extensions.registrations().stream()
                .map(e -> new ExtensionRow(e.name(), e.url(), e.invocation(), e.disabledAccounts().stream()
                        .map(id -> names.getOrDefault(id, id)).sorted().toList()))
                .toList();
        return pages.page("admin/extensions.jte", "user", r.signedIn(), "extensions", rows,
                "usernames", accounts.stream().map(AccountRoles.AccountSummary::username).toList(),
                "message", r.param("done") == null ? null : "Saved. The extension is sent SkillEnabled or SkillDisabled for that account.");
    }

    HttpResponse setEnabled(ConsoleRequest r) {
        String name = r.required("extension", "The extension");
        String username = r.required("username", "The user name");
        boolean enabled = switch (r.required("decision", "The decision")) {
            case "enable" -> true;
            case "disable" -> false;
            default -> throw new ConsoleException(400, "The decision must be enable or disable.");
        };
        if (extensions.registrations().stream().noneMatch(e -> e.name().equals(name))) {
            throw new ConsoleException(404, "No extension has that name.");
        }
        if (roles.list().stream().noneMatch(a -> a.username().equals(username))) {
            throw new ConsoleException(404, "No account has that user name.");
        }
        extensions.setEnabled(name, username, enabled);
        return ConsolePages.redirect("/console/admin/extensions?done=1");
    }
}
