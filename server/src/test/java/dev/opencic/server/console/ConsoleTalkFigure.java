package dev.opencic.server.console;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.CicServer;
import dev.opencic.server.config.ServerConfig;
import dev.opencic.server.testing.HeadlessBrowser;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figure of issue 23 for the browser device, not a test (it runs only with {@code
 * -Dcic.figures=true} and asserts nothing about time): a typed request to the first byte of its
 * answer's audio, measured in the talk page ({@code performance.now()} from the fetch to the first
 * attachment bytes its multipart reader sees), against the same request sent by Java over the same
 * TLS port (h2, Armeria) and timed the same way, interleaved one by one so both meet the same server
 * state (the answer cache included). Prints p50/p90/max of each.
 *
 * <pre>{@code
 * ./mvnw -B -o -pl server -am test -Dtest=ConsoleTalkFigure -Dcic.figures=true -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 */
@EnabledIfSystemProperty(named = "cic.figures", matches = "true")
class ConsoleTalkFigure {

    private static final int WARMUP = 5;
    private static final int REQUESTS = 20;
    private static final String WORDS = "what time is it";

    @TempDir
    Path dataDir;

    @Test
    void typedRequestToFirstAudioByte() throws Exception {
        CicServer server = CicServer.builder().config(ServerConfig.builder().dataDir(dataDir).bindAddress("127.0.0.1")
                .port(0).tlsPort(0).asrPoolSize(0).build()).build().start();
        try (HeadlessBrowser browser = HeadlessBrowser.start("--autoplay-policy=no-user-gesture-required")) {
            String base = "https://127.0.0.1:" + server.httpsPort();
            server.auth().accounts().createAccount("ada", "a long password for ada".toCharArray());
            browser.open(base + "/console/login");
            browser.type("#username", "ada").type("#password", "a long password for ada").click("#sign-in");
            browser.open(base + "/console/talk");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    "online".equals(browser.find("#connection").getAttribute("data-state")));
            // The Java baseline: the same account and device (the token the console gives), port and protocol.
            ConsoleHttp session = new ConsoleHttp(base);
            session.signIn("ada", "a long password for ada");
            session.get("/console/talk");
            String token = dev.opencic.server.testing.CicServerExtension.json(session.post("/console/talk/token"))
                    .get("access_token").asText();
            WebClient java = WebClient.builder("h2://127.0.0.1:" + server.httpsPort())
                    .factory(ClientFactory.builder().tlsNoVerify().build()).responseTimeout(Duration.ofSeconds(30)).build();

            // "what time is it": after the first of each minute, its answer's audio comes from the
            // server's cache of recent answers (the transport and the page measured). A new memo's
            // answer is new words each time: synthesis is in the figure.
            measure(browser, java, token, i -> WORDS, "cached answer, \"" + WORDS + "\"");
            measure(browser, java, token, i -> "take a note pick up parcel " + i, "synthesised answer, a new memo each");
        } finally {
            server.close();
        }
    }

    private static void measure(HeadlessBrowser browser, WebClient java, String token,
                                java.util.function.IntFunction<String> words, String label) throws Exception {
        List<Double> inPage = new ArrayList<>();
        List<Double> baseline = new ArrayList<>();
        for (int i = 0; i < WARMUP + REQUESTS; i++) {
            Object ms = browser.driver().executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                    + "cicTalk.ask(arguments[0]).then(r => done(r.firstAudioMs ?? -1), e => done(-1));",
                    words.apply(2 * i));
            double javaMs = firstAudioByteMillis(java, token, words.apply(2 * i + 1));
            if (i >= WARMUP) {
                inPage.add(((Number) ms).doubleValue());
                baseline.add(javaMs);
            }
        }
        System.out.println("FIGURE " + label + ": browser device (talk page, chromium "
                + browser.driver().getCapabilities().getBrowserVersion() + ") " + summary(inPage));
        System.out.println("FIGURE " + label + ": baseline Java (Armeria h2, same TLS port) " + summary(baseline));
    }

    /** One TextRecognizer.Recognize; the time from sending to the first byte of an attachment part. */
    private static double firstAudioByteMillis(WebClient client, String token, String words) throws Exception {
        String boundary = "figure-" + UUID.randomUUID();
        byte[] metadata = TestDevice.metadata("TextRecognizer", "Recognize", UUID.randomUUID().toString(),
                MessageCodec.mapper().createObjectNode().put("text", words));
        byte[] body = TestDevice.multipartBody(boundary, metadata, null);
        RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, "/v1/events")
                .add("authorization", "Bearer " + token)
                .add("content-type", "multipart/form-data; boundary=" + boundary).build();
        long start = System.nanoTime();
        StreamedParts answer = StreamedParts.read(client.execute(headers, body));
        long firstAudio = answer.rest().stream().filter(p -> p.headers().contentId() != null)
                .mapToLong(StreamedParts.Part::firstByteNanos).findFirst()
                .orElseThrow(() -> new AssertionError("no audio in the answer to: " + words));
        return (firstAudio - start) / 1e6;
    }

    /** Nearest-rank percentiles, as report.LatencyHistogram prints them. */
    private static String summary(List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "n=%d p50=%.1f ms p90=%.1f ms max=%.1f ms", sorted.size(),
                rank(sorted, 0.50), rank(sorted, 0.90), sorted.get(sorted.size() - 1));
    }

    private static double rank(List<Double> sorted, double p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
