package dev.opencic.server.console;

import com.linecorp.armeria.common.HttpResponse;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Administration's first page (administrators only; the route refuses everyone else with 403): the
 * server's status (version, uptime, engines, devices online, a summary of its meters) and the way to
 * the users, clients and extensions pages ({@link AdminUserPages}, {@link AdminClientPages},
 * {@link AdminExtensionPages}).
 */
final class AdminPages {

    private final ConsolePages pages;
    private final Supplier<Map<String, String>> status;

    AdminPages(ConsolePages pages, Supplier<Map<String, String>> status) {
        this.pages = pages;
        this.status = status;
    }

    HttpResponse overview(ConsoleRequest r) {
        return pages.page("admin/status.jte", "user", r.signedIn(), "status", status.get());
    }
}
