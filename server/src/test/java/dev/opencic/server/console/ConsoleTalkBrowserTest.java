package dev.opencic.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import dev.opencic.server.CicServer;
import dev.opencic.server.config.ServerConfig;
import dev.opencic.server.speech.internal.SpeechNatives;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.HeadlessBrowser;
import dev.opencic.server.testing.SpokenRequests;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WindowType;

/**
 * The browser device (issue 23 item 7) in a real headless chromium against a real server on its TLS
 * port (h2): the talk page gets its token through the console session, asks by text and hears the
 * answer (the page records when the first audio byte came and the played audio's duration), gets a
 * reminder on its downchannel, speaks through chromium's fake microphone (a flite WAV made here), and
 * stops working when the device is unlinked. Another account can neither take this session's token
 * nor use its CSRF value. One server and browser for the story; screenshot 20-talk.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleTalkBrowserTest {

    private static final String ADA = "ada";
    private static final String PASSWORD = "a long password for ada";
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;
    @TempDir
    static Path audioDir;
    private static CicServer server;
    private static HeadlessBrowser browser;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        Engines.require(SpeechNatives.flite().isLoaded() && SpeechNatives.lame().isLoaded(),
                "libflite or libmp3lame cannot be loaded", Engines.FLITE_PACKAGES + " libmp3lame0");
        Engines.require(new ProcessBuilder("sh", "-c", "command -v flite").start().waitFor() == 0,
                "the flite command is not on the PATH", "flite");
        // What the fake microphone says, made here (no audio in the repository): flite's words with
        // silence after them long enough for the server to hear the end of the request, and a second
        // before them, so the words are not under way before the page's capture is (a full run once
        // heard only "...is it": 0.5 s sent, then StopCapture).
        Path wav = audioDir.resolve("what-time-is-it.wav");
        Files.write(wav, wav(SpokenRequests.speak("what time is it"), 1, 2));
        browser = HeadlessBrowser.start("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + wav, "--autoplay-policy=no-user-gesture-required");
        server = CicServer.builder().config(ServerConfig.builder().dataDir(dataDir).bindAddress("127.0.0.1")
                .port(0).tlsPort(0).build()).build().start();
        base = "https://127.0.0.1:" + server.httpsPort();
        server.auth().accounts().createAccount(ADA, PASSWORD.toCharArray());
        server.auth().accounts().createAccount("bob", "bob's long password".toCharArray());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void theTalkPageConnectsAsTheAccountsBrowserDevice() {
        browser.open(base + "/console/login");
        browser.type("#username", ADA).type("#password", PASSWORD).click("#sign-in");
        browser.click("#talk-link");
        assertThat(browser.path()).isEqualTo("/console/talk");
        awaitConnection("online");

        String deviceId = browser.text("#device-id");
        assertThat(deviceId).startsWith("browser-");
        // Like any device: on the devices page, under the console's client, online.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            browser.open(base + "/console/devices");
            return !browser.driver().findElements(By.cssSelector("tr[data-device='" + deviceId + "'] .online")).isEmpty()
                    && browser.text("tr[data-device='" + deviceId + "'] .online").equals("online");
        });
        assertThat(browser.find("tr[data-device='" + deviceId + "']").getText()).contains(BrowserDevices.CLIENT_ID);
    }

    @Test
    @Order(2)
    void aTypedRequestIsAnsweredInWordsAndSpeech() {
        openTalk();
        ask("what time is it");
        assertThat(browser.text("#heard")).isEqualTo("what time is it");
        assertThat(browser.text("#answer")).startsWith("It's ");
        assertThat(browser.find("#directives li[data-name='SpeechSynthesizer.Speak']").getText()).contains("It's ");
        // The answer's speech came as an attachment, was decoded and played.
        assertThat(Double.parseDouble(attribute("data-first-audio-ms"))).isPositive();
        await().atMost(ANSWER_WITHIN).until(() -> "yes".equals(attribute("data-audio-played")));
        await().atMost(ANSWER_WITHIN).until(() -> attribute("data-audio-duration") != null);
        assertThat(Double.parseDouble(attribute("data-audio-duration"))).isGreaterThan(0.3);
    }

    @Test
    @Order(3)
    void templatesAreRendered() {
        ask("take a note buy oat milk");
        ask("what notes do I have");
        await().atMost(ANSWER_WITHIN).until(() -> !browser.driver()
                .findElements(By.cssSelector("#templates .template")).isEmpty());
        assertThat(browser.text("#templates")).contains("buy oat milk");
        browser.screenshot("20-talk");
    }

    @Test
    @Order(4)
    void aReminderSetByTextArrivesOnTheDownchannel() {
        ask("remind me to stretch my legs in 3 seconds");
        assertThat(browser.text("#answer")).contains("stretch my legs");
        await().atMost(ANSWER_WITHIN).until(() -> browser.text("#pushed").contains("Reminder: stretch my legs."));
        assertThat(browser.find("#pushed li[data-name='SpeechSynthesizer.Speak']").getText())
                .contains("Reminder: stretch my legs.");
    }

    @Test
    @Order(5)
    void aSpokenRequestStreamsFromTheMicrophoneUntilStopCapture() {
        Engines.requirePocketSphinxModel();
        openTalk();
        int answers = answers();
        browser.find("#mic").click();
        await().atMost(ANSWER_WITHIN).until(() -> answers() > answers);
        String page = "problem: " + browser.text("#problem") + "\npushed: " + browser.text("#pushed")
                + "\ndirectives: " + browser.text("#directives") + "\ncaptured: "
                + browser.driver().executeScript("return cicTalk.captured + ' bytes, stopped by ' + cicTalk.stoppedBy");
        assertThat(browser.find("#pushed").getText()).as(page).contains("SpeechRecognizer.StopCapture");
        assertThat(browser.text("#heard")).as(page).isEqualTo("what time is it");
        assertThat(browser.text("#answer")).startsWith("It's ");
        assertThat(browser.text("#mic")).contains("Speak"); // capture ended
    }

    @Test
    @Order(6)
    void theTokenIsOnlyForTheSignedInSessionOfItsOwnAccount() throws Exception {
        String adaCsrf = browser.find("#talk").getAttribute("data-csrf");

        ConsoleHttp visitor = new ConsoleHttp(base);
        visitor.get("/console/login"); // a form cookie, so the post below reaches the sign-in check
        assertThat(visitor.post("/console/talk/token").status().code()).isEqualTo(401);
        assertThat(new ConsoleHttp(base).post("/console/talk/token", "csrf", adaCsrf).status().code()).isEqualTo(403);

        ConsoleHttp bob = new ConsoleHttp(base);
        bob.signIn("bob", "bob's long password");
        bob.get("/console/talk");
        assertThat(bob.post("/console/talk/token", "csrf", adaCsrf).status().code()).isEqualTo(403);
        AggregatedHttpResponse own = bob.post("/console/talk/token");
        assertThat(own.status().code()).isEqualTo(200);
        assertThat(own.headers().get("cache-control")).isEqualTo("no-store");
        JsonNode token = CicServerExtension.json(own);
        String bobAccount = server.auth().accounts().findByUsername("bob").orElseThrow().accountId();
        var identity = server.auth().tokens().verifyToken(token.get("access_token").asText()).join().orElseThrow()
                .identity();
        assertThat(identity.accountId()).isEqualTo(bobAccount);
        assertThat(identity.deviceId()).isEqualTo(BrowserDevices.deviceId(bobAccount))
                .isNotEqualTo(browser.text("#device-id"));
        // The same session asking again gets the same young token back; no refresh token is given.
        assertThat(CicServerExtension.json(bob.post("/console/talk/token")).get("access_token").asText())
                .isEqualTo(token.get("access_token").asText());
        assertThat(token.has("refresh_token")).isFalse();
    }

    @Test
    @Order(7)
    void unlinkingTheBrowserDeviceStopsItsToken() throws Exception {
        openTalk();
        String deviceId = browser.text("#device-id");
        ConsoleHttp otherTab = new ConsoleHttp(base);
        otherTab.signIn(ADA, PASSWORD);
        otherTab.get("/console/talk");
        String accessToken = CicServerExtension.json(otherTab.post("/console/talk/token")).get("access_token").asText();
        assertThat(ping(accessToken)).isEqualTo(204);

        otherTab.get("/console/devices");
        assertThat(otherTab.post("/console/devices/unlink", "device", deviceId).status().code()).isEqualTo(303);
        assertThat(ping(accessToken)).isEqualTo(401);
        awaitConnection("unlinked");
        assertThat(browser.find("#reconnect").isDisplayed()).isTrue();

        browser.find("#reconnect").click();
        awaitConnection("online");
    }

    @Test
    @Order(8)
    void aSecondTabTakesTheDownchannelAndTheFirstCanTakeItBack() {
        openTalk();
        String first = browser.driver().getWindowHandle();
        browser.driver().switchTo().newWindow(WindowType.TAB);
        browser.open(base + "/console/talk");
        awaitConnection("online");
        browser.driver().switchTo().window(first);
        awaitConnection("elsewhere");
        assertThat(browser.text("#reconnect")).isEqualTo("Use this tab");

        browser.find("#reconnect").click();
        awaitConnection("online");
        ask("what time is it");
        assertThat(browser.text("#answer")).startsWith("It's ");
    }

    @Test
    @Order(9)
    void aTimerSetByTextRingsInThePageAndIsReported() {
        ask("set a timer for 3 seconds");
        assertThat(browser.find("#directives li[data-name='Alerts.SetAlert']").isDisplayed()).isTrue();
        await().atMost(ANSWER_WITHIN).until(() -> !browser.driver()
                .findElements(By.cssSelector("#pushed li[data-name='ringing']")).isEmpty());
        assertThat(browser.text("#pushed li[data-name='ringing']")).startsWith("TIMER ringing");
        // The page told the server, as a device does; the server accepted each report (204).
        await().atMost(ANSWER_WITHIN).until(() -> String.valueOf(browser.driver().executeScript(
                "return cicTalk.reports.map(r => r.name + ' ' + r.status).join(', ')"))
                .contains("AlertStarted 204"));
        assertThat(String.valueOf(browser.driver().executeScript(
                "return cicTalk.reports.map(r => r.name + ' ' + r.status).join(', ')")))
                .contains("SetAlertSucceeded 204");
    }

    @Test
    @Order(10)
    void aQuestionOfTheServerIsAnsweredByTheNextTypedRequest() {
        ask("set an alarm");
        assertThat(browser.text("#answer")).isEqualTo("For what time?");
        assertThat(browser.find("#directives li[data-name='SpeechRecognizer.ExpectSpeech']").isDisplayed()).isTrue();
        ask("seven am");
        assertThat(browser.find("#directives li[data-name='Alerts.SetAlert']").isDisplayed()).isTrue();
        assertThat(browser.text("#answer")).contains("7");
    }

    @Test
    @Order(11)
    void thePagesMultipartReaderFindsThePartsWhereverTheChunksSplit() {
        openTalk();
        // Every split of a body in two, then one byte at a time: the same parts each time.
        Object result = browser.driver().executeScript("""
                const enc = new TextEncoder();
                const body = enc.encode('preamble\\r\\n--b-1\\r\\nContent-Type: application/json\\r\\n\\r\\n{"a":1}'
                    + '\\r\\n--b-1\\r\\nContent-ID: <x>\\r\\nContent-Type: application/octet-stream\\r\\n\\r\\n'
                    + '\\r\\n--b-\\r\\n--b-2--\\r\\n\\r\\n--b-1--\\r\\nepilogue');
                const read = (chunks) => {
                  const parts = [];
                  let cur;
                  const r = new cicTalk.MultipartReader('b-1', {
                    start(h) { cur = { h, bytes: [] }; },
                    data(b) { cur.bytes.push(...b); },
                    end() { parts.push(JSON.stringify(cur.h) + '=' + new TextDecoder().decode(new Uint8Array(cur.bytes))); },
                  });
                  chunks.forEach((c) => r.push(c));
                  return parts.join('|');
                };
                const whole = read([body]);
                for (let i = 1; i < body.length; i++) {
                  if (read([body.slice(0, i), body.slice(i)]) !== whole) return 'split at ' + i + ' differs';
                }
                if (read(Array.from(body, (b) => new Uint8Array([b]))) !== whole) return 'bytewise differs';
                // Line breaks spelled out: WebDriver's strings may not keep a CR.
                return whole.split(String.fromCharCode(13)).join('<CR>').split(String.fromCharCode(10)).join('<LF>');
                """);
        assertThat(result).isEqualTo("{\"content-type\":\"application/json\"}={\"a\":1}"
                + "|{\"content-id\":\"<x>\",\"content-type\":\"application/octet-stream\"}="
                + "<CR><LF>--b-<CR><LF>--b-2--<CR><LF>");
    }

    private static void openTalk() {
        if (!browser.path().equals("/console/talk")) {
            browser.open(base + "/console/talk");
        }
        awaitConnection("online");
    }

    private static void awaitConnection(String state) {
        await().atMost(ANSWER_WITHIN).until(() -> state.equals(browser.find("#connection").getAttribute("data-state")));
    }

    /** Types a request as a person does (Enter in the field) and waits for its answer. */
    private static void ask(String words) {
        openTalk();
        int before = answers();
        browser.find("#ask-text").sendKeys(words + Keys.ENTER);
        await().atMost(ANSWER_WITHIN).until(() -> answers() > before);
    }

    private static int answers() {
        String n = attribute("data-answers");
        return n == null ? 0 : Integer.parseInt(n);
    }

    private static String attribute(String name) {
        return browser.find("#talk").getAttribute(name);
    }

    private static int ping(String accessToken) {
        WebClient client = WebClient.builder(base).factory(ClientFactory.builder().tlsNoVerify().build()).build();
        AggregatedHttpResponse res = client.execute(RequestHeaders.of(HttpMethod.GET, "/ping",
                "authorization", "Bearer " + accessToken)).aggregate().join();
        return res.status().code();
    }

    /** A 16 kHz mono 16-bit WAV of the PCM with {@code before} and {@code after} seconds of silence around it. */
    static byte[] wav(byte[] pcm, int before, int after) {
        byte[] data = new byte[before * 32_000 + pcm.length + after * 32_000];
        System.arraycopy(pcm, 0, data, before * 32_000, pcm.length);
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0x46464952).putInt(36 + data.length).putInt(0x45564157) // RIFF, size, WAVE
         .putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1) // fmt, PCM, mono
         .putInt(16_000).putInt(32_000).putShort((short) 2).putShort((short) 16)
         .putInt(0x61746164).putInt(data.length); // data
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h.array());
        out.writeBytes(data);
        return out.toByteArray();
    }
}
