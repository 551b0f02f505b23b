package dev.opencic.server.console;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import dev.opencic.server.auth.AccountRoles;
import java.util.List;

/**
 * The accounts and who administers (administrators only): make an account administrator, or take
 * the role back (never from the last administrator: the server would have nobody left to run it).
 * New accounts are still made with {@code ./cic admin user add}.
 */
final class AdminUserPages {

    private final ConsolePages pages;
    private final AccountRoles roles;

    AdminUserPages(ConsolePages pages, AccountRoles roles) {
        this.pages = pages;
        this.roles = roles;
    }

    HttpResponse list(ConsoleRequest r) {
        return page(r, HttpStatus.OK, message(r.param("done")), null);
    }

    HttpResponse grantAdmin(ConsoleRequest r) {
        roles.grantAdmin(accountOf(r.required("username", "The user name")).accountId());
        return ConsolePages.redirect("/console/admin/users?done=granted");
    }

    HttpResponse revokeAdmin(ConsoleRequest r) {
        AccountRoles.AccountSummary account = accountOf(r.required("username", "The user name"));
        return switch (roles.revokeAdmin(account.accountId())) {
            case REVOKED -> account.accountId().equals(r.signedIn().accountId())
                    // Their own role: the users page is no longer theirs to see.
                    ? ConsolePages.redirect("/console/")
                    : ConsolePages.redirect("/console/admin/users?done=revoked");
            case WAS_NOT_ADMIN -> ConsolePages.redirect("/console/admin/users");
            case LAST_ADMIN -> page(r, HttpStatus.CONFLICT, null, account.username()
                    + " is the last administrator: make another account an administrator first.");
        };
    }

    private HttpResponse page(ConsoleRequest r, HttpStatus status, String message, String error) {
        return pages.page(status, "admin/users.jte", List.of(), "user", r.signedIn(), "accounts", roles.list(),
                "message", message, "error", error);
    }

    private AccountRoles.AccountSummary accountOf(String username) {
        return roles.list().stream().filter(a -> a.username().equals(username)).findFirst()
                .orElseThrow(() -> new ConsoleException(404, "No account has that user name."));
    }

    private static String message(String done) {
        if ("granted".equals(done)) {
            return "The account is now an administrator.";
        }
        if ("revoked".equals(done)) {
            return "The account is no longer an administrator.";
        }
        return null;
    }
}
