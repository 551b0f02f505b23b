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
import dev.opencic.server.admin.AdminOperations;
import dev.opencic.server.extension.ExtensionAdmin;
import dev.opencic.server.skill.weather.JdbcSavedPlaceRepository;
import dev.opencic.server.skill.household.JdbcDeviceDirectory;
import dev.opencic.server.skill.SkillModule;
import dev.opencic.server.skill.alerts.AlertsModule;
import dev.opencic.server.skill.memo.MemoModule;
import dev.opencic.server.skill.music.MusicModule;
import dev.opencic.server.skill.reminder.ReminderModule;
import dev.opencic.server.skill.schedule.ScheduleModule;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * ConsoleModule console = new ConsoleModule(auth, jdbi, pusher, zones, clock, status, operations); // logs a setup code when no account exists
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
    private final AdminUserPages adminUserPages;
    private final AdminClientPages adminClientPages;
    private final AdminExtensionPages adminExtensionPages;
    /** Every route bound through {@link #route}, for {@link #routes()}. */
    private final List<ConsoleRoute> routes = new CopyOnWriteArrayList<>();
    private final TalkPages talkPages;
    private final AtomicReference<String> setupCode = new AtomicReference<>();
    /** The account's devices as the data pages offer them. */
    private final AccountDevices accountDevices;
    private final Clock clock;
    /** Your data (alarms, reminders, memos, schedules, music): set by {@link #data}, null for a feature absent. */
    private AlertPages alertPages;
    private ReminderPages reminderPages;
    private MemoPages memoPages;
    private SchedulePages schedulePages;
    private MusicPages musicPages;

    /**
     * @param jdbi the server's database (the devices table)
     * @param pusher whether a device's downchannel is open now
     * @param zones each device's time zone
     * @param status the server's status lines for the admin page (name to value, in order)
     * @param operations the {@code ./cic admin} operations of the running server: its extension service
     *        and its time-zone setter (their changes reach the extensions and, in a cluster, the other nodes)
     */
    public ConsoleModule(AuthModule auth, Jdbi jdbi, DirectivePusher pusher, ZoneResolver zones, Clock clock,
                         Supplier<Map<String, String>> status, AdminOperations operations) {
        Objects.requireNonNull(operations, "operations");
        ExtensionAdmin extensions = operations.extensions();
        Objects.requireNonNull(auth, "auth");
        roles = auth.roles();
        adminPages = new AdminPages(pages, Objects.requireNonNull(status, "status"));
        adminUserPages = new AdminUserPages(pages, auth.roles());
        adminClientPages = new AdminClientPages(pages, auth.clients(), auth.tokens());
        adminExtensionPages = new AdminExtensionPages(pages, Objects.requireNonNull(extensions, "extensions"),
                auth.roles());
        devicePages = new DevicePages(pages, new JdbcDeviceDirectory(jdbi), auth.tokens(), pusher,
                new DevicePages.Zones(zones, operations.zoneSetter()), new JdbcSavedPlaceRepository(jdbi), clock);
        accountDevices = new AccountDevices(new JdbcDeviceDirectory(jdbi), pusher, zones);
        this.clock = clock;
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

    /**
     * The pages of your data, on the services of the skills among {@code modules} (call before
     * {@link #bind}): a feature whose module is absent (an embedder left it out) has no page.
     */
    public void data(List<? extends SkillModule> modules) {
        for (SkillModule m : modules) {
            if (m instanceof AlertsModule alerts) {
                alertPages = new AlertPages(pages, alerts.accountAlerts(), accountDevices);
            } else if (m instanceof ReminderModule reminders) {
                reminderPages = new ReminderPages(pages, reminders.accountReminders(), accountDevices, clock);
            } else if (m instanceof MemoModule memos) {
                memoPages = new MemoPages(pages, memos.memos(), accountDevices, clock);
            } else if (m instanceof ScheduleModule schedules) {
                schedulePages = new SchedulePages(pages, schedules.accountSchedules(), accountDevices);
            } else if (m instanceof MusicModule music) {
                musicPages = new MusicPages(pages, music, accountDevices);
            }
        }
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
        route(sb, "/console/devices/timezone", Access.SIGNED_IN, devicePages::timeZone, HttpMethod.POST);
        route(sb, "/console/admin", Access.ADMIN, adminPages::overview, HttpMethod.GET);
        route(sb, "/console/admin/users", Access.ADMIN, adminUserPages::list, HttpMethod.GET);
        route(sb, "/console/admin/grant-admin", Access.ADMIN, adminUserPages::grantAdmin, HttpMethod.POST);
        route(sb, "/console/admin/revoke-admin", Access.ADMIN, adminUserPages::revokeAdmin, HttpMethod.POST);
        route(sb, "/console/admin/clients", Access.ADMIN, adminClientPages::clients, HttpMethod.GET, HttpMethod.POST);
        route(sb, "/console/admin/clients/rotate", Access.ADMIN, adminClientPages::rotate, HttpMethod.POST);
        route(sb, "/console/admin/clients/delete", Access.ADMIN, adminClientPages::delete, HttpMethod.POST);
        route(sb, "/console/admin/extensions", Access.ADMIN, adminExtensionPages::list, HttpMethod.GET);
        route(sb, "/console/admin/extensions/enabled", Access.ADMIN, adminExtensionPages::setEnabled,
                HttpMethod.POST);
        route(sb, "/console/authorize", Access.SIGNED_IN, deviceLinkPages::authorize, HttpMethod.GET, HttpMethod.POST);
        bindData(sb);
        route(sb, "/console/talk", Access.SIGNED_IN, talkPages::page, HttpMethod.GET);
        route(sb, "/console/talk/token", Access.SIGNED_IN, talkPages::token, HttpMethod.POST);
        sb.serviceUnder("/console/static/", FileService.builder(ConsoleModule.class.getClassLoader(), "console/static")
                .maxCacheEntries(64)
                .cacheControl("max-age=600")
                .setHeader("content-security-policy", ConsolePages.CONTENT_SECURITY_POLICY)
                .setHeader("x-content-type-options", "nosniff")
                .build());
    }

    /**
     * Every console route bound so far (after {@link #bind}): path, access, methods. Routes must be
     * added through {@link #route} so that they are listed here and covered by ConsoleRoutesTest.
     */
    List<ConsoleRoute> routes() {
        return List.copyOf(routes);
    }

    /** Your data: alarms, reminders, memos, schedules, music (issue 23 item 5). */
    private void bindData(ServerBuilder sb) {
        if (alertPages != null) {
            route(sb, "/console/alarms", Access.SIGNED_IN, alertPages::list, HttpMethod.GET);
            route(sb, "/console/alarms/add", Access.SIGNED_IN, alertPages::add, HttpMethod.POST);
            route(sb, "/console/alarms/timer", Access.SIGNED_IN, alertPages::addTimer, HttpMethod.POST);
            route(sb, "/console/alarms/edit", Access.SIGNED_IN, alertPages::edit, HttpMethod.POST);
            route(sb, "/console/alarms/delete", Access.SIGNED_IN, alertPages::delete, HttpMethod.POST);
        }
        if (reminderPages != null) {
            route(sb, "/console/reminders", Access.SIGNED_IN, reminderPages::list, HttpMethod.GET);
            route(sb, "/console/reminders/add", Access.SIGNED_IN, reminderPages::add, HttpMethod.POST);
            route(sb, "/console/reminders/edit", Access.SIGNED_IN, reminderPages::edit, HttpMethod.POST);
            route(sb, "/console/reminders/delete", Access.SIGNED_IN, reminderPages::delete, HttpMethod.POST);
        }
        if (memoPages != null) {
            route(sb, "/console/memos", Access.SIGNED_IN, memoPages::list, HttpMethod.GET);
            route(sb, "/console/memos/add", Access.SIGNED_IN, memoPages::add, HttpMethod.POST);
            route(sb, "/console/memos/edit", Access.SIGNED_IN, memoPages::edit, HttpMethod.POST);
            route(sb, "/console/memos/delete", Access.SIGNED_IN, memoPages::delete, HttpMethod.POST);
        }
        if (schedulePages != null) {
            route(sb, "/console/schedules", Access.SIGNED_IN, schedulePages::list, HttpMethod.GET);
            route(sb, "/console/schedules/add", Access.SIGNED_IN, schedulePages::add, HttpMethod.POST);
            route(sb, "/console/schedules/edit", Access.SIGNED_IN, schedulePages::edit, HttpMethod.POST);
            route(sb, "/console/schedules/delete", Access.SIGNED_IN, schedulePages::delete, HttpMethod.POST);
        }
        if (musicPages != null) {
            route(sb, "/console/music", Access.SIGNED_IN, musicPages::browse, HttpMethod.GET);
            route(sb, "/console/music/play", Access.SIGNED_IN, musicPages::play, HttpMethod.POST);
        }
    }

    private void route(ServerBuilder sb, String path, Access access, Action action, HttpMethod... methods) {
        routes.add(new ConsoleRoute(path, access, Set.of(methods)));
        sb.route().path(path).methods(methods).maxRequestLength(MAX_FORM_BYTES)
          .build(new ConsoleService(pages, sessions, access, action));
    }
}
