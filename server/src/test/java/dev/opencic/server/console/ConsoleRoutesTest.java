package dev.opencic.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.QueryParamsBuilder;
import dev.opencic.server.console.ConsoleService.Access;
import dev.opencic.server.skill.household.JdbcDeviceDirectory;
import dev.opencic.server.store.Database;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 23 item 8 for EVERY console route, taken from {@link ConsoleModule#routes()} (so a route
 * added later through {@code ConsoleModule.route(...)} is covered without being named here), over
 * plain HTTP against a real server:
 * <ul>
 *   <li>signed out: a GET is sent to the sign-in page, a POST (with a valid pre-sign-in form token) is 401;</li>
 *   <li>a POST without the session's CSRF token (none, forged, another session's) is 403;</li>
 *   <li>an administrator's route is 403 for an account that is not one;</li>
 *   <li>a second account never sees the first's data: every page and every link found on the first
 *       account's pages, fetched as the second, carries none of it; every form found on the first's
 *       pages, replayed by the second, is refused (403/404) when a hidden field or a choice the page
 *       offered (a select) holds a value of the first's rows (a device id, an alarm id ...), and never changes the first's rows; a link whose
 *       query holds such a value is refused too;</li>
 *   <li>every answer (pages, redirects, refusals) carries the content security policy and nosniff.</li>
 * </ul>
 * "Nothing changed" is checked on the database itself: every table but the scheduler's heartbeat
 * rows, compared before and after. The first account's data is planted the way a person makes it
 * (a device that connects, is named in the console, and asks for a memo, an alarm, a reminder and an
 * event), marked with words no other account's page may contain.
 */
class ConsoleRoutesTest {

    /** Held still: nothing a page shows moves between two fetches but what the test does. */
    static final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    static final Database database = Database.inMemory("console-routes-" + System.nanoTime());

    @RegisterExtension
    static final CicServerExtension server = new CicServerExtension(config -> { },
            builder -> builder.clock(clock).database(database));

    private static final String DEVICE = "alice-kitchen-7f3a";
    /** In the device's name and room, and in what the device asked to be remembered. */
    private static final String MARKER = "zebraquartz";
    private static final String BOB = "bob";
    private static final String BOB_PASSWORD = "bob's long password";
    private static final Set<String> VOLATILE_TABLES = Set.of("scheduled_tasks", "flyway_schema_history");

    private static final Pattern FORM = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"[^>]*>(.*?)</form>",
            Pattern.DOTALL);
    private static final Pattern INPUT = Pattern.compile("<input\\s([^>]*)>");
    private static final Pattern SELECT = Pattern.compile("<select\\s[^>]*name=\"([^\"]+)\"[^>]*>(.*?)</select>",
            Pattern.DOTALL);
    private static final Pattern OPTION = Pattern.compile("<option[^>]*value=\"([^\"]*)\"");
    private static final Pattern TEXTAREA = Pattern.compile("<textarea\\s[^>]*name=\"([^\"]+)\"[^>]*>(.*?)</textarea>",
            Pattern.DOTALL);
    private static final Pattern BUTTON = Pattern.compile("<button\\s[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"");
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w[\\w-]*)=\"([^\"]*)\"");
    private static final Pattern LINK = Pattern.compile("href=\"(/console/[^\"]*)\"");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{[^}/]+}|:[^/]+");

    private static String aliceAccount;
    private static TestDevice kitchen;

    @BeforeAll
    static void aliceHasDataAndAdministers() throws Exception {
        var auth = server.server().auth();
        aliceAccount = auth.accounts().findByUsername(CicServerExtension.USER).orElseThrow().accountId();
        auth.roles().grantAdmin(aliceAccount);
        auth.accounts().createAccount(BOB, BOB_PASSWORD.toCharArray());

        kitchen = server.device(DEVICE);
        kitchen.connect();
        JdbcDeviceDirectory directory = new JdbcDeviceDirectory(database.jdbi());
        await().atMost(Duration.ofSeconds(10)).until(() -> directory.find(aliceAccount, DEVICE).isPresent());
        ConsoleHttp alice = signedIn(CicServerExtension.USER, CicServerExtension.PASSWORD);
        alice.get("/console/devices");
        assertThat(alice.post("/console/devices/rename", "device", DEVICE, "name", MARKER + " speaker",
                "room", MARKER + " room").status().code()).isEqualTo(303);
        int i = 0;
        for (String words : List.of("take a note that the spare key is under the " + MARKER + " stone",
                "set an alarm for 7 am tomorrow", "remind me to water the " + MARKER + " tomorrow at 9 am",
                "add " + MARKER + " dinner tomorrow at 8 pm to my calendar")) {
            var answer = kitchen.send("TextRecognizer", "Recognize", "plant-" + i++,
                    TestDevice.payload().put("text", words));
            assertThat(answer.status()).as(words).isEqualTo(200);
        }
    }

    @AfterAll
    static void disconnect() {
        if (kitchen != null) {
            kitchen.close();
        }
    }

    @Test
    void theRouteTableListsTheConsole() {
        Set<String> paths = new LinkedHashSet<>();
        routes().forEach(r -> paths.add(r.path()));
        assertThat(paths).contains("/console/", "/console/login", "/console/devices", "/console/devices/unlink",
                "/console/admin", "/console/admin/clients", "/console/admin/clients/delete",
                "/console/admin/users", "/console/admin/extensions");
        assertThat(routes()).allSatisfy(r -> assertThat(r.methods()).isNotEmpty());
    }

    @Test
    void signedOutEveryGetIsSentToSignInAndEveryPostIs401() {
        Map<String, List<String>> fields = alicesForms();
        Map<String, List<String>> before = snapshot();
        for (ConsoleRoute route : routes()) {
            String path = concrete(route.path());
            ConsoleHttp visitor = new ConsoleHttp(server.baseUri());
            secured(visitor.get("/console/login"), "sign-in page");
            if (route.access() == Access.EVERYONE) {
                if (route.methods().contains(HttpMethod.GET)) {
                    AggregatedHttpResponse page = secured(visitor.get(path), path);
                    assertThat(page.status().code()).as(path).isIn(200, 303, 404);
                }
                continue;
            }
            if (route.methods().contains(HttpMethod.GET)) {
                AggregatedHttpResponse res = secured(visitor.get(path), "GET " + path);
                assertThat(res.status().code()).as("GET " + path).isEqualTo(303);
                assertThat(res.headers().get("location")).as("GET " + path).startsWith("/console/login?next=");
            }
            if (route.methods().contains(HttpMethod.POST)) {
                // The form token of the sign-in page: the request reaches the access check, and stops there.
                AggregatedHttpResponse res = secured(visitor.post(path, fields.get(path).toArray(String[]::new)),
                        "POST " + path);
                assertThat(res.status().code()).as("POST " + path).isEqualTo(401);
            }
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void everyPostWithoutThisSessionsCsrfTokenIs403AndChangesNothing() {
        ConsoleHttp alice = signedIn(CicServerExtension.USER, CicServerExtension.PASSWORD);
        ConsoleHttp bob = signedIn(BOB, BOB_PASSWORD);
        alice.get("/console/");
        bob.get("/console/");
        String bobsToken = bob.csrf();
        Map<String, List<String>> alicesFields = alicesForms();
        Map<String, List<String>> before = snapshot();
        for (ConsoleRoute route : routes()) {
            if (!route.methods().contains(HttpMethod.POST)) {
                continue;
            }
            String path = concrete(route.path());
            List<String> fields = alicesFields.get(path);
            for (String token : new String[] {null, "forged", "", bobsToken}) {
                QueryParamsBuilder form = QueryParams.builder();
                for (int i = 0; i < fields.size(); i += 2) {
                    form.add(fields.get(i), fields.get(i + 1));
                }
                if (token != null) {
                    form.add("csrf", token);
                }
                AggregatedHttpResponse res = secured(alice.postExactly(path, form.build()), "POST " + path);
                assertThat(res.status().code()).as("POST %s with csrf %s", path, token).isEqualTo(403);
            }
        }
        assertThat(snapshot()).isEqualTo(before);
        // Still signed in: not even the sign-out form worked.
        assertThat(alice.get("/console/").contentUtf8()).contains("Signed in as");
    }

    @Test
    void everyAdministratorsRouteIs403ForAnotherAccount() {
        ConsoleHttp bob = signedIn(BOB, BOB_PASSWORD);
        bob.get("/console/");
        Map<String, List<String>> fields = alicesForms();
        Map<String, List<String>> before = snapshot();
        for (ConsoleRoute route : routes()) {
            if (route.access() != Access.ADMIN) {
                continue;
            }
            String path = concrete(route.path());
            if (route.methods().contains(HttpMethod.GET)) {
                assertThat(secured(bob.get(path), path).status().code()).as("GET " + path).isEqualTo(403);
            }
            if (route.methods().contains(HttpMethod.POST)) {
                assertThat(secured(bob.post(path, fields.get(path).toArray(String[]::new)), path).status().code())
                        .as("POST " + path).isEqualTo(403);
            }
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aSecondAccountNeverSeesNorChangesTheFirstsData() {
        ConsoleHttp alice = signedIn(CicServerExtension.USER, CicServerExtension.PASSWORD);
        Crawl crawl = crawl(alice);
        // The planted data is on alice's pages: what bob must not see is really there to see.
        assertThat(String.join("\n", crawl.bodies)).contains(DEVICE).containsIgnoringCase(MARKER);
        assertThat(crawl.forms).extracting(Form::action)
                .contains("/console/devices/rename", "/console/devices/unlink", "/console/admin/clients/delete");
        Map<String, List<String>> alicesRows = rowsOf(aliceAccount);
        Set<String> alicesValues = valuesOf(alicesRows);
        assertThat(crawl.forms).filteredOn(f -> f.action().equals("/console/devices/unlink"))
                .allSatisfy(f -> assertThat(namesAlicesData(f.hidden(), alicesValues)).isTrue());

        ConsoleHttp bob = signedIn(BOB, BOB_PASSWORD);
        for (String link : crawl.links) {
            AggregatedHttpResponse page = secured(bob.get(link), "GET " + link);
            Map<String, String> query = new LinkedHashMap<>();
            if (link.contains("?")) {
                QueryParams.fromQueryString(link.substring(link.indexOf('?') + 1)).forEach(query::put);
            }
            assertThat(page.status().code()).as("GET " + link)
                    .isIn(namesAlicesData(query, alicesValues) ? List.of(403, 404) : List.of(200, 303, 400, 403, 404));
            assertNothingOfAlice(page, "GET " + link);
        }
        for (Form form : crawl.forms) {
            if (form.action().equals("/console/logout")) {
                continue; // bob signing himself out changes nothing of alice's; tested elsewhere
            }
            bob.get("/console/");
            QueryParamsBuilder fields = QueryParams.builder();
            form.fields().forEach(fields::add);
            fields.add("csrf", bob.csrf());
            AggregatedHttpResponse res = secured(bob.postExactly(form.action(), fields.build()), "POST " + form);
            assertNothingOfAlice(res, "POST " + form);
            if (namesAlicesData(form.hidden(), alicesValues)) {
                assertThat(res.status().code()).as("POST %s", form).isIn(403, 404);
            }
            assertThat(rowsOf(aliceAccount)).as("alice's rows after bob's POST %s", form).isEqualTo(alicesRows);
            if (bob.cookie(ConsoleSessions.SESSION_COOKIE) == null) {
                bob = signedIn(BOB, BOB_PASSWORD);
            }
        }
    }

    @Test
    void everyPageCarriesTheSecurityHeaders() {
        ConsoleHttp alice = signedIn(CicServerExtension.USER, CicServerExtension.PASSWORD);
        for (ConsoleRoute route : routes()) {
            if (route.methods().contains(HttpMethod.GET)) {
                String path = concrete(route.path());
                secured(alice.get(path), path);
            }
        }
        secured(new ConsoleHttp(server.baseUri()).get("/console"), "/console");
        secured(new ConsoleHttp(server.baseUri()).get("/console/static/console.css"), "static");
    }

    private static void assertNothingOfAlice(AggregatedHttpResponse res, String what) {
        String body = res.contentUtf8().toLowerCase(Locale.ROOT) + res.headers().toString().toLowerCase(Locale.ROOT);
        assertThat(body).as(what).doesNotContain(DEVICE).doesNotContain(MARKER)
                .doesNotContain(aliceAccount.toLowerCase(Locale.ROOT));
    }

    private static AggregatedHttpResponse secured(AggregatedHttpResponse res, String what) {
        assertThat(res.headers().get("content-security-policy")).as("CSP of " + what)
                .contains("default-src 'self'").contains("script-src 'self'").contains("frame-ancestors 'none'");
        assertThat(res.headers().get("x-content-type-options")).as("nosniff of " + what).isEqualTo("nosniff");
        return res;
    }

    private static List<ConsoleRoute> routes() {
        List<ConsoleRoute> routes = server.server().console().routes();
        assertThat(routes).isNotEmpty();
        return routes;
    }

    /** A route's path with any path parameter filled in (with nothing anyone owns). */
    private static String concrete(String path) {
        return PATH_PARAMETER.matcher(path).replaceAll("no-such-thing");
    }

    private static ConsoleHttp signedIn(String username, String password) {
        ConsoleHttp browser = new ConsoleHttp(server.baseUri());
        assertThat(browser.signIn(username, password).status().code()).isEqualTo(303);
        return browser;
    }

    /**
     * For each path, the fields of alice's first form posting to it (so that a post which got through
     * would have done something: deleted her client, unlinked her device ...). Signs in: call before
     * taking a snapshot.
     */
    private static Map<String, List<String>> alicesForms() {
        Map<String, List<String>> byPath = new LinkedHashMap<>();
        for (ConsoleRoute route : routes()) {
            byPath.put(concrete(route.path()), List.of());
        }
        List<Form> forms = crawl(signedIn(CicServerExtension.USER, CicServerExtension.PASSWORD)).forms;
        byPath.replaceAll((path, none) -> fieldsFor(forms, path));
        return byPath;
    }

    private static List<String> fieldsFor(List<Form> forms, String path) {
        for (Form form : forms) {
            if (form.action().equals(path)) {
                List<String> fields = new ArrayList<>();
                form.fields().forEach((n, v) -> {
                    fields.add(n);
                    fields.add(v);
                });
                return fields;
            }
        }
        return List.of();
    }

    /** What a signed-in person can reach: every GET route, every console link on those pages, every form. */
    private static Crawl crawl(ConsoleHttp browser) {
        Crawl crawl = new Crawl();
        for (ConsoleRoute route : routes()) {
            if (route.methods().contains(HttpMethod.GET)) {
                crawl.links.add(concrete(route.path()));
            }
        }
        List<String> toVisit = new ArrayList<>(crawl.links);
        Set<String> visited = new LinkedHashSet<>();
        while (!toVisit.isEmpty() && visited.size() < 200) {
            String link = toVisit.remove(0);
            if (!visited.add(link)) {
                continue;
            }
            String body = browser.get(link).contentUtf8();
            crawl.bodies.add(body);
            Matcher links = LINK.matcher(body);
            while (links.find()) {
                String found = unescape(links.group(1));
                if (!found.startsWith("/console/static/") && crawl.links.add(found)) {
                    toVisit.add(found);
                }
            }
            Matcher forms = FORM.matcher(body);
            while (forms.find()) {
                crawl.forms.addAll(forms(unescape(forms.group(1)), forms.group(2)));
            }
        }
        return crawl;
    }

    /** The posts a form can make: one per named submit button (approve, deny ...), else one. */
    private static List<Form> forms(String action, String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> hidden = new LinkedHashMap<>();
        Matcher inputs = INPUT.matcher(html);
        while (inputs.find()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher a = ATTRIBUTE.matcher(inputs.group(1));
            while (a.find()) {
                attributes.put(a.group(1), unescape(a.group(2)));
            }
            String name = attributes.get("name");
            if (name == null || name.equals("csrf")) {
                continue;
            }
            fields.put(name, attributes.getOrDefault("value", "x"));
            if ("hidden".equals(attributes.get("type"))) {
                hidden.put(name, attributes.getOrDefault("value", ""));
            }
        }
        Matcher selects = SELECT.matcher(html);
        while (selects.find()) {
            Matcher option = OPTION.matcher(selects.group(2));
            String value = option.find() ? unescape(option.group(1)) : "x";
            fields.put(selects.group(1), value);
            hidden.put(selects.group(1), value); // a choice the page offered (one of alice's devices ...)
        }
        Matcher areas = TEXTAREA.matcher(html);
        while (areas.find()) {
            fields.put(areas.group(1), areas.group(2).isBlank() ? "x" : unescape(areas.group(2)));
        }
        List<Form> forms = new ArrayList<>();
        Matcher buttons = BUTTON.matcher(html);
        while (buttons.find()) {
            Map<String, String> withButton = new LinkedHashMap<>(fields);
            withButton.put(buttons.group(1), unescape(buttons.group(2)));
            forms.add(new Form(action, withButton, hidden));
        }
        if (forms.isEmpty()) {
            forms.add(new Form(action, fields, hidden));
        }
        return forms;
    }

    private static String unescape(String html) {
        return html.replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
    }

    /** Every table's rows (but the scheduler's), each as text, sorted: equal means nothing changed. */
    private static Map<String, List<String>> snapshot() {
        return database.jdbi().withHandle(h -> {
            Map<String, List<String>> tables = new TreeMap<>();
            for (String table : h.createQuery("SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = 'PUBLIC' AND table_type = 'BASE TABLE'").mapTo(String.class).list()) {
                if (VOLATILE_TABLES.contains(table.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                List<String> rows = h.createQuery("SELECT * FROM \"" + table + "\"")
                        .map((rs, ctx) -> {
                            StringBuilder row = new StringBuilder();
                            for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                                row.append(rs.getString(c)).append('|');
                            }
                            return row.toString();
                        }).list();
                tables.put(table, rows.stream().sorted().toList());
            }
            return tables;
        });
    }

    /** Every column value of these rows that could name something (not a flag, not a short number). */
    private static Set<String> valuesOf(Map<String, List<String>> rows) {
        Set<String> values = new LinkedHashSet<>();
        rows.values().forEach(list -> list.forEach(row -> {
            for (String value : row.split("\\|")) {
                if (value.length() >= 4 && !Set.of("null", "true", "false").contains(value.toLowerCase(Locale.ROOT))) {
                    values.add(value);
                }
            }
        }));
        return values;
    }

    /** Whether a form's hidden fields and choices (or a link's query) carry a value of the first account's rows. */
    private static boolean namesAlicesData(Map<String, String> fields, Set<String> alicesValues) {
        return fields.values().stream().anyMatch(alicesValues::contains);
    }

    /** The rows of every table that mention the account. */
    private static Map<String, List<String>> rowsOf(String accountId) {
        Map<String, List<String>> rows = new TreeMap<>();
        snapshot().forEach((table, all) -> {
            List<String> mine = all.stream().filter(r -> r.contains(accountId)).toList();
            if (!mine.isEmpty()) {
                rows.put(table, mine);
            }
        });
        return rows;
    }

    private static final class Crawl {
        final Set<String> links = new LinkedHashSet<>();
        final List<Form> forms = new ArrayList<>();
        final List<String> bodies = new ArrayList<>();
    }

    /**
     * One post a page's form makes: every field it sends, and the hidden ones and the selects' choices
     * (what it acts on, as opposed to what a person types).
     */
    private record Form(String action, Map<String, String> fields, Map<String, String> hidden) {
        @Override
        public String toString() {
            return action + " " + fields;
        }
    }
}
