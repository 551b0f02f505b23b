package dev.opencic.bench.console;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.Cookie;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SplitHttpResponse;
import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.bench.report.LatencyHistogram;
import dev.opencic.bench.report.MachineLoad;
import dev.opencic.server.CicServer;
import dev.opencic.server.config.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Console page load on loopback (issue 23's figure), against an in-process server on its TLS port
 * (HTTP/2, as a browser uses it), signed in as an administrator with a few devices and clients so
 * the pages have rows to render. Baselines in the same run, interleaved with the pages: {@code
 * /healthz} (a route answering at once) and a static file of the console.
 *
 * <ol>
 *   <li>first byte: time from sending a GET to the response headers, one request at a time over one
 *       HTTP/2 connection with the session cookie (HdrHistogram), round-robin over the paths;</li>
 *   <li>complete: Debian's headless chromium loading each page ({@code --loads} times, after one
 *       unmeasured load), read from its navigation timing: responseStart (first byte),
 *       domContentLoadedEventEnd and loadEventEnd (the page with its CSS and script), from the
 *       navigation's start.</li>
 * </ol>
 */
@Command(name = "ConsolePageLoad", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Console page load on loopback: first byte (HTTP/2 client) and complete (chromium), baselines in the same run.")
public final class ConsolePageLoad implements Callable<Integer> {

    private static final String ADMIN = "ada";
    private static final String PASSWORD = "a long enough password";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @Option(names = "--requests", defaultValue = "2000", description = "Measured first-byte requests per path (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--warmup", defaultValue = "500", description = "Unmeasured requests per path first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--loads", defaultValue = "20", description = "Measured chromium loads per page (default: ${DEFAULT-VALUE}).")
    int loads;

    @Option(names = "--devices", defaultValue = "5", description = "Devices of the signed-in account listed on /console/devices (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--h2load-requests", defaultValue = "20000", description = "Requests per path and round of the h2load throughput part, 0 to skip (default: ${DEFAULT-VALUE}).")
    int h2loadRequests;

    @Option(names = "--h2load-rounds", defaultValue = "2", description = "Rounds of the h2load part, paths interleaved (default: ${DEFAULT-VALUE}).")
    int h2loadRounds;

    @Option(names = "--h2load", defaultValue = "/usr/bin/h2load", description = "(default: ${DEFAULT-VALUE}).")
    Path h2load;

    @Option(names = "--chromium", defaultValue = "/usr/bin/chromium", description = "The browser (default: ${DEFAULT-VALUE}).")
    Path chromium;

    @Option(names = "--chromedriver", defaultValue = "/usr/bin/chromedriver", description = "Its driver (default: ${DEFAULT-VALUE}).")
    Path chromedriver;

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new ConsolePageLoad(), args);
    }

    @Override
    public Integer call() throws Exception {
        Path dataDir = Files.createTempDirectory("cic-console-bench");
        try (CicServer server = CicServer.builder().config(ServerConfig.builder().dataDir(dataDir)
                .bindAddress("127.0.0.1").port(0).tlsPort(0).build()).build().start();
             ClientFactory factory = ClientFactory.builder().tlsNoVerify().build()) {
            String base = "https://127.0.0.1:" + server.httpsPort();
            prepare(server);
            WebClient client = WebClient.builder("h2://127.0.0.1:" + server.httpsPort()).factory(factory).build();
            String session = signIn(client);
            List<String> paths = List.of("/healthz", "/console/static/console.css", "/console/", "/console/devices",
                    "/console/admin");
            System.out.printf(Locale.ROOT, "machine: %d cores, load average %s%n",
                    Runtime.getRuntime().availableProcessors(), MachineLoad.loadAverages());
            firstByte(client, session, paths);
            throughput(base, session, paths);
            complete(base, session, paths);
            System.out.printf(Locale.ROOT, "load average after: %s%n", MachineLoad.loadAverages());
        }
        return 0;
    }

    /** An administrator with devices (named, in rooms) and a few clients: rows on every page. */
    private void prepare(CicServer server) {
        var auth = server.auth();
        var account = auth.accounts().createAccount(ADMIN, PASSWORD.toCharArray());
        auth.roles().grantAdmin(account.accountId());
        var client = auth.clients().createClient("Bench speaker");
        for (int i = 0; i < 3; i++) {
            auth.clients().createClient("Other app " + i);
        }
        for (int i = 0; i < devices; i++) {
            String code = auth.tokens().createAuthorizationCode(account.accountId(), client.clientId(), "speaker-" + i, null);
            auth.tokens().exchangeCode(client.clientId(), client.clientSecret(), code, "speaker-" + i, null);
        }
    }

    private static String signIn(WebClient client) {
        AggregatedHttpResponse form = client.get("/console/login").aggregate().join();
        String formCookie = cookie(form.headers(), "cic_form");
        Matcher csrf = CSRF.matcher(form.contentUtf8());
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the sign-in page");
        }
        AggregatedHttpResponse signedIn = client.execute(RequestHeaders.builder(HttpMethod.POST, "/console/login")
                .contentType(MediaType.FORM_DATA).add("cookie", "cic_form=" + formCookie).build(),
                QueryParams.of("csrf", csrf.group(1), "username", ADMIN, "password", PASSWORD).toQueryString())
                .aggregate().join();
        String session = cookie(signedIn.headers(), "cic_session");
        if (session == null) {
            throw new IllegalStateException("sign-in failed: " + signedIn.status());
        }
        return session;
    }

    private static String cookie(ResponseHeaders headers, String name) {
        return headers.cookies().stream().filter(c -> c.name().equals(name)).map(Cookie::value).findFirst().orElse(null);
    }

    private void firstByte(WebClient client, String session, List<String> paths) {
        Map<String, LatencyHistogram> byPath = new LinkedHashMap<>();
        paths.forEach(p -> byPath.put(p, new LatencyHistogram()));
        for (int i = 0; i < warmup + requests; i++) {
            for (String path : paths) {
                RequestHeaders get = RequestHeaders.builder(HttpMethod.GET, path).add("cookie", "cic_session=" + session).build();
                long start = System.nanoTime();
                SplitHttpResponse response = client.execute(get).split();
                ResponseHeaders headers = response.headers().join();
                long firstByte = System.nanoTime() - start;
                response.body().collect().join(); // the whole body before the next request
                if (headers.status().code() != 200) {
                    throw new IllegalStateException(path + " answered " + headers.status());
                }
                if (i >= warmup) {
                    byPath.get(path).recordNanos(firstByte);
                }
            }
        }
        System.out.printf(Locale.ROOT, "first byte (HTTP/2 over TLS, one connection, one request at a time, %d per path, interleaved):%n",
                requests);
        byPath.forEach((path, h) -> System.out.println(h.summary(String.format(Locale.ROOT, "  %-28s ", path))));
    }

    /**
     * Pages per second with h2load (4 connections x 8 streams, the session cookie on every request),
     * the paths interleaved round by round: what rendering a page costs the server's two cores
     * against the baselines.
     */
    private void throughput(String base, String session, List<String> paths) throws IOException, InterruptedException {
        if (h2loadRequests <= 0 || !Files.isExecutable(h2load)) {
            System.out.println("throughput: skipped (no " + h2load + " or --h2load-requests 0)");
            return;
        }
        System.out.printf(Locale.ROOT, "throughput (h2load -n %d -c 4 -m 8, TLS, the session cookie; req/s per round):%n",
                h2loadRequests);
        Pattern finished = Pattern.compile("finished in [^,]+, ([0-9.]+) req/s");
        Pattern statuses = Pattern.compile("status codes: (\\d+) 2xx, (\\d+) 3xx, (\\d+) 4xx, (\\d+) 5xx");
        Map<String, List<String>> byPath = new LinkedHashMap<>();
        paths.forEach(p -> byPath.put(p, new ArrayList<>()));
        for (int round = 0; round < h2loadRounds; round++) {
            for (String path : paths) {
                Process p = new ProcessBuilder(h2load.toString(), "-n", Integer.toString(h2loadRequests), "-c", "4",
                        "-m", "8", "-H", "cookie: cic_session=" + session, base + path).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor();
                Matcher rate = finished.matcher(out);
                Matcher status = statuses.matcher(out);
                if (!status.find() || !status.group(1).equals(Integer.toString(h2loadRequests))) {
                    throw new IllegalStateException("h2load: not every request of " + path + " answered 2xx:\n" + out);
                }
                byPath.get(path).add(rate.find() ? rate.group(1) : "?");
            }
        }
        byPath.forEach((path, rates) -> System.out.printf(Locale.ROOT, "  %-28s %s%n", path, String.join("  ", rates)));
    }

    private void complete(String base, String session, List<String> paths) throws IOException {
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            System.out.println("complete: skipped (no " + chromium + " or " + chromedriver + ")");
            return;
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1100,800", "--ignore-certificate-errors", "--no-first-run", "--disable-extensions");
        ChromeDriver driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build(), options);
        try {
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            driver.get(base + "/healthz");
            driver.manage().addCookie(new org.openqa.selenium.Cookie.Builder("cic_session", session).path("/")
                    .isHttpOnly(true).isSecure(true).sameSite("Strict").build());
            Map<String, List<double[]>> byPath = new LinkedHashMap<>();
            paths.forEach(p -> byPath.put(p, new ArrayList<>()));
            for (int i = 0; i <= loads; i++) {
                for (String path : paths) {
                    driver.get(base + path);
                    Object timing = ((JavascriptExecutor) driver).executeScript(
                            "const n = performance.getEntriesByType('navigation')[0];"
                            + "return [n.responseStart - n.startTime, n.domContentLoadedEventEnd - n.startTime,"
                            + " n.loadEventEnd - n.startTime];");
                    if (i > 0) { // the first load of each page warms the browser's cache of the CSS and script
                        @SuppressWarnings("unchecked")
                        List<Number> t = (List<Number>) timing;
                        byPath.get(path).add(new double[] {t.get(0).doubleValue(), t.get(1).doubleValue(),
                                t.get(2).doubleValue()});
                    }
                }
            }
            System.out.printf(Locale.ROOT, "complete (headless chromium, navigation timing, %d loads per page, interleaved; ms from navigation start):%n",
                    loads);
            byPath.forEach((path, rows) -> System.out.printf(Locale.ROOT,
                    "  %-28s firstByte p50=%.1f  domContentLoaded p50=%.1f p90=%.1f  load p50=%.1f p90=%.1f max=%.1f%n",
                    path, pct(rows, 0, 50), pct(rows, 1, 50), pct(rows, 1, 90), pct(rows, 2, 50), pct(rows, 2, 90),
                    pct(rows, 2, 100)));
        } finally {
            driver.quit();
        }
    }

    private static double pct(List<double[]> rows, int column, double percentile) {
        double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        int index = (int) Math.ceil(percentile / 100 * values.length) - 1;
        return values[Math.max(0, Math.min(values.length - 1, index))];
    }
}
