package dev.opencic.server.console;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.file.FileService;
import dev.opencic.server.api.DirectivePusher;
import dev.opencic.server.auth.AuthModule;
import dev.opencic.server.auth.Secrets;
import dev.opencic.server.console.ConsoleService.Access;
import dev.opencic.server.console.ConsoleService.Action;
import dev.opencic.server.dialog.ZoneResolver;
import dev.opencic.server.skill.household.JdbcDeviceDirectory;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console (issue 23), served by the server itself under {@code /console/} on the device ports:
 * server-rendered pages (jte templates compiled at build time) with a little hand-written JavaScript
 * and CSS from {@code resources/console/static}; nothing is fetched from elsewhere at run time.
 *
 * <pre>{@code
 * ConsoleModule console = new ConsoleModule(auth, jdbi, pusher, zones, clock, status); // logs a setup code when no account exists
 * console.bind(serverBuilder);
 * }</pre>
 */
public final class ConsoleModule {

    private static final Logger log = LoggerFactory.getLogger(ConsoleModule.class);
    private static final long MAX_FORM_BYTES = 16 * 1024;

    private final ConsolePages pages = new ConsolePages();
    private final ConsoleSessions sessions;
    private final AccountPages accountPages;
    private final DeviceLinkPages deviceLinkPages;
    private final DevicePages devicePages;
    private final dev.opencic.server.auth.AccountRoles roles;
    private final AdminPages adminPages;
    private final TalkPages talkPages;
    private final AtomicReference<String> setupCode = new AtomicReference<>();

    /**
     * @param jdbi the server's database (the devices table)
     * @param pusher whether a device's downchannel is open now
     * @param zones each device's time zone
     * @param status the server's status lines for the admin page (name to value, in order)
     */
    public ConsoleModule(AuthModule auth, Jdbi jdbi, DirectivePusher pusher, ZoneResolver zones, Clock clock,
                         Supplier<Map<String, String>> status) {
        Objects.requireNonNull(auth, "auth");
        roles = auth.roles();
        adminPages = new AdminPages(pages, auth.roles(), auth.clients(), jdbi, Objects.requireNonNull(status, "status"));
        devicePages = new DevicePages(pages, new JdbcDeviceDirectory(jdbi), auth.tokens(), pusher, zones, clock);
        sessions = new ConsoleSessions(auth.accounts(), auth.roles());
        accountPages = new AccountPages(pages, auth.accounts(), auth.roles(), auth.httpServices(), setupCode);
        deviceLinkPages = new DeviceLinkPages(pages, auth.deviceCodes(), auth.clients(), auth.tokens());
        talkPages = new TalkPages(pages, new BrowserDevices(new dev.opencic.server.store.JdbcClientRepository(jdbi),
                auth.tokens(), clock), clock);
        if (!auth.roles().anyAccountExists()) {
            setupCode.set(Secrets.random(9));
            // The log is the proof of owning the server: whoever reads it may make the first administrator.
            log.warn("event=ConsoleSetup message=\"No account exists yet: open /console/setup and enter the setup "
                    + "code {} to create the first administrator\"", setupCode.get());
        }
    }

    /** The first-run setup code, while no account exists (an account made otherwise closes it too). Blocking. */
    public Optional<String> setupCode() {
        if (setupCode.get() != null && roles.anyAccountExists()) {
            setupCode.set(null);
        }
        return Optional.ofNullable(setupCode.get());
    }

    /** Registers {@code /console/**} and the static files under {@code /console/static/}. */
    public void bind(ServerBuilder sb) {
        sb.route().path("/console").methods(HttpMethod.GET).build((ctx, req) -> ConsolePages.redirect("/console/"));
        route(sb, "/console/", Access.EVERYONE, accountPages::home, HttpMethod.GET);
        route(sb, "/console/login", Access.EVERYONE, accountPages::login, HttpMethod.GET, HttpMethod.POST);
        route(sb, "/console/logout", Access.SIGNED_IN, accountPages::logout, HttpMethod.POST);
        route(sb, "/console/setup", Access.EVERYONE, accountPages::setup, HttpMethod.GET, HttpMethod.POST);
        route(sb, "/console/password", Access.SIGNED_IN, accountPages::password, HttpMethod.GET, HttpMethod.POST);
        route(sb, "/console/device", Access.SIGNED_IN, deviceLinkPages::deviceCode, HttpMethod.GET, HttpMethod.POST);
        route(sb, "/console/devices", Access.SIGNED_IN, devicePages::list, HttpMethod.GET);
        route(sb, "/console/devices/rename", Access.SIGNED_IN, devicePages::rename, HttpMethod.POST);
        route(sb, "/console/devices/unlink", Access.SIGNED_IN, devicePages::unlink, HttpMethod.POST);
        route(sb, "/console/admin", Access.ADMIN, adminPages::overview, HttpMethod.GET);
        route(sb, "/console/admin/clients", Access.ADMIN, adminPages::createClient, HttpMethod.POST);
        route(sb, "/console/admin/grant-admin", Access.ADMIN, adminPages::grantAdmin, HttpMethod.POST);
        route(sb, "/console/authorize", Access.SIGNED_IN, deviceLinkPages::authorize, HttpMethod.GET, HttpMethod.POST);
        route(sb, "/console/talk", Access.SIGNED_IN, talkPages::page, HttpMethod.GET);
        route(sb, "/console/talk/token", Access.SIGNED_IN, talkPages::token, HttpMethod.POST);
        sb.serviceUnder("/console/static/", FileService.builder(ConsoleModule.class.getClassLoader(), "console/static")
                .maxCacheEntries(64)
                .cacheControl("max-age=600")
                .setHeader("content-security-policy", ConsolePages.CONTENT_SECURITY_POLICY)
                .setHeader("x-content-type-options", "nosniff")
                .build());
    }

    private void route(ServerBuilder sb, String path, Access access, Action action, HttpMethod... methods) {
        sb.route().path(path).methods(methods).maxRequestLength(MAX_FORM_BYTES)
          .build(new ConsoleService(pages, sessions, access, action));
    }
}
