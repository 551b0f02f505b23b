package dev.opencic.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.Reply;
import dev.opencic.server.speech.SpeechTokens;
import dev.opencic.server.testing.CicServerExtension;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The device's commands run in-process against the real server. */
class DeviceCliTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension();

    @TempDir
    Path tmp;

    @Test
    void loginCreatesAnOwnerOnlyConfigDirectoryWithATokenFile() throws Exception {
        Path dir = tmp.resolve("nested/device-a");

        Cli.Result r = Cli.run(CicServerExtension.PASSWORD + "\n", "--config-dir", dir.toString(), "login",
                "--server", cic.baseUri(), "--user", CicServerExtension.USER,
                "--client-id", cic.clientId(), "--client-secret", cic.clientSecret());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Logged in as alice on " + cic.baseUri());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tokens.json"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("device.json"))))
                .isEqualTo("rw-------");
        JsonNode tokens = MessageCodec.mapper().readTree(dir.resolve("tokens.json").toFile());
        assertThat(tokens.path("access_token").asText()).isNotBlank();
        JsonNode settings = MessageCodec.mapper().readTree(dir.resolve("device.json").toFile());
        assertThat(settings.path("server").asText()).isEqualTo(cic.baseUri());
        assertThat(settings.path("client_id").asText()).isEqualTo(cic.clientId());
        assertThat(java.util.UUID.fromString(settings.path("device_id").asText())).isNotNull();
    }

    @Test
    void theDeviceIdIsGeneratedOnceAndKeptAcrossLogins() throws Exception {
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));
        String first = MessageCodec.mapper().readTree(dir.resolve("device.json").toFile()).path("device_id").asText();

        Cli.loggedInDevice(cic, dir);

        String second = MessageCodec.mapper().readTree(dir.resolve("device.json").toFile()).path("device_id").asText();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void aWrongPasswordIsRefusedInOneLineWithExitCode3() {
        Path dir = tmp.resolve("d");

        Cli.Result r = Cli.run("wrong password\n", "--config-dir", dir.toString(), "login",
                "--server", cic.baseUri(), "--user", CicServerExtension.USER,
                "--client-id", cic.clientId(), "--client-secret", cic.clientSecret());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).startsWith("cic device: refused by").contains("401").hasLineCount(1);
        assertThat(dir.resolve("tokens.json")).doesNotExist();
    }

    @Test
    void sayWithJsonPrintsASpeakLineWithAnMp3AttachmentAndARenderTextLine() throws Exception {
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));
        Path out = tmp.resolve("out");

        Cli.Result r = Cli.run("", "--config-dir", dir.toString(), "say", "what time is it", "--json",
                "--out", out.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        List<JsonNode> lines = r.jsonLines();
        assertThat(lines).hasSize(2);
        JsonNode speak = r.directives("SpeechSynthesizer.Speak").get(0);
        assertThat(speak.at("/directive/payload/format").asText()).isEqualTo("AUDIO_MPEG");
        assertThat(speak.path("source").asText()).isEqualTo("response");
        assertThat(speak.path("attachments")).hasSize(1);
        Path mp3 = Path.of(speak.path("attachments").get(0).asText());
        assertThat(mp3).exists().hasParentRaw(out.toAbsolutePath());
        byte[] bytes = Files.readAllBytes(mp3);
        assertThat(bytes.length).isGreaterThan(1000);
        assertThat(bytes[0] & 0xFF).isEqualTo(0xFF);
        assertThat(bytes[1] & 0xE0).isEqualTo(0xE0);
        JsonNode render = r.directives("Clova.RenderText").get(0);
        assertThat(render.at("/directive/payload/text").asText()).startsWith("It's");
        assertThat(render.path("attachments")).isEmpty();
        // reported back like a real device, before the command exited
        String token = speak.at("/directive/payload/token").asText();
        assertThat(cic.server().speechTokens().find(token).orElseThrow().reports())
                .extracting(SpeechTokens.Report::state).containsExactly("SpeechStarted", "SpeechFinished");
    }

    @Test
    void sayPrintsReadableLinesAndTheTemporaryFolderByDefault() {
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));

        Cli.Result r = Cli.run("", "--config-dir", dir.toString(), "say", "what time is it");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("Attachments are saved to ");
        Path folder = Path.of(lines[0].substring("Attachments are saved to ".length()));
        assertThat(lines[1]).matches("Speak: \"It's .*\" \\(audio saved to " + java.util.regex.Pattern.quote(folder.toString())
                + "/.*\\.mp3\\)");
        assertThat(lines[2]).startsWith("RenderText: It's");
        assertThat(folder).isDirectory();
    }

    @Test
    void helpPrintsTheHelpDirectiveAndTheCardsWordsAndANoteItsTemplate() {
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));

        Cli.Result help = Cli.run("", "--config-dir", dir.toString(), "say", "help");
        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.out()).contains("Help (this device has no guide of its own")
                .contains("Template CardList: Alarms and timers; Set an alarm for seven a.m.");

        Cli.Result note = Cli.run("", "--config-dir", dir.toString(), "say", "take a note that the shed key is blue");
        assertThat(note.exitCode()).as(note.toString()).isZero();
        assertThat(note.out()).containsPattern("Template Memo: the shed key is blue; \\d{4}-\\d\\d-\\d\\dT");
    }

    @Test
    void afterLogoutSayExitsNonZeroSayingNotLoggedIn() {
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));

        Cli.Result logout = Cli.run("", "--config-dir", dir.toString(), "logout");
        Cli.Result say = Cli.run("", "--config-dir", dir.toString(), "say", "what time is it");

        assertThat(logout.exitCode()).as(logout.toString()).isZero();
        assertThat(dir.resolve("tokens.json")).doesNotExist();
        assertThat(say.exitCode()).as(say.toString()).isEqualTo(3);
        assertThat(say.err()).contains("not logged in").hasLineCount(1);
        assertThat(say.out()).isEmpty();
    }

    @Test
    void tokensRevokedOnTheServerAreRefusedInOneLine() throws Exception {
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));
        Path copy = Files.createDirectories(tmp.resolve("copy"));
        Files.copy(dir.resolve("device.json"), copy.resolve("device.json"));
        Files.copy(dir.resolve("tokens.json"), copy.resolve("tokens.json"));
        assertThat(Cli.run("", "--config-dir", dir.toString(), "logout").exitCode()).isZero();

        Cli.Result r = Cli.run("", "--config-dir", copy.toString(), "say", "hello");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).startsWith("cic device: refused by").hasLineCount(1);
    }

    @Test
    void anUnreachableServerIsAOneLineReasonWithExitCode4() throws Exception {
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Path settings = dir.resolve("device.json");
        Files.writeString(settings, Cli.read(settings).replace(cic.baseUri(), "http://127.0.0.1:" + deadPort));

        Cli.Result r = Cli.run("", "--config-dir", dir.toString(), "say", "what time is it", "--json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).startsWith("cic device: server unreachable at http://127.0.0.1:" + deadPort)
                .hasLineCount(1).doesNotContain("\tat ");
        assertThat(r.jsonLines()).singleElement().satisfies(n ->
                assertThat(n.at("/error/description").asText()).contains("unreachable"));
    }

    @Test
    void loginToAnUnreachableServerFailsInOneLine() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Cli.Result r = Cli.run("pw\n", "--config-dir", tmp.resolve("d").toString(), "login",
                "--server", "http://127.0.0.1:" + deadPort, "--user", "alice", "--client-id", "x", "--client-secret", "y");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).contains("server unreachable").hasLineCount(1);
    }

    @Test
    void runPrintsTheHelloAndPushedDirectivesAsJsonLinesUntilItsTimeIsUp() throws Exception {
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));
        Cli.Capture capture = new Cli.Capture();
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() ->
                Cli.run(capture, "", "--config-dir", dir.toString(), "--json", "run", "--seconds", "4"));
        await().atMost(Duration.ofSeconds(10)).until(() -> capture.out.toString().contains("\"Hello\""));

        String token = MessageCodec.mapper().readTree(dir.resolve("tokens.json").toFile()).path("access_token").asText();
        DeviceIdentity identity = cic.server().auth().tokens().verify(token).join().orElseThrow();
        Directive d = Directive.of(new dev.opencic.protocol.payload.Clova.RenderText("pushed by the cloud"));
        assertThat(cic.server().pusher().push(identity, Reply.of(d)).get(5, TimeUnit.SECONDS)).isTrue();

        Cli.Result r = run.get(15, TimeUnit.SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.directives("Clova.Hello")).singleElement()
                .satisfies(n -> assertThat(n.path("source").asText()).isEqualTo("downchannel"));
        assertThat(r.directives("Clova.RenderText")).singleElement()
                .satisfies(n -> assertThat(n.at("/directive/payload/text").asText()).isEqualTo("pushed by the cloud"));
    }

    @Test
    void usageErrorsAreOneLineWithExitCode2() {
        Cli.Result r = Cli.run("", "--config-dir", tmp.toString(), "login", "--server", "http://x");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("cic device: Missing required options").hasLineCount(1);
    }

    @Test
    void listenWithoutACaptureDeviceSaysSoInOneLine() {
        org.junit.jupiter.api.Assumptions.assumeFalse(javax.sound.sampled.AudioSystem.isLineSupported(
                new javax.sound.sampled.DataLine.Info(javax.sound.sampled.TargetDataLine.class, WavReader.TARGET)),
                "this machine has a capture device");
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));

        Cli.Result r = Cli.run("", "--config-dir", dir.toString(), "listen");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).startsWith("cic device: no audio capture device").hasLineCount(1);
    }

    @Test
    void subcommandsHaveHelp() {
        Cli.Result r = Cli.run("", "say", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: cic device say");
    }

    @Test
    void overHttpsTheServersSelfSignedCertificateIsTrustedWithCaCert() {
        Path dir = tmp.resolve("tls-device");
        Path pem = cic.server().config().dataDir().resolve("tls/self-signed-cert.pem");
        String https = "https://localhost:" + cic.server().httpsPort();

        Cli.Result login = Cli.run(CicServerExtension.PASSWORD + "\n", "--config-dir", dir.toString(), "login",
                "--server", https, "--ca-cert", pem.toString(), "--user", CicServerExtension.USER,
                "--client-id", cic.clientId(), "--client-secret", cic.clientSecret());
        Cli.Result say = Cli.run("", "--config-dir", dir.toString(), "say", "hello", "--json");

        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(say.exitCode()).as(say.toString()).isZero();
        assertThat(say.directives("Clova.RenderText")).hasSize(1);
    }

    @Test
    void overHttpsAnUntrustedCertificateFailsInOneLine() {
        Path dir = tmp.resolve("tls-device");

        Cli.Result login = Cli.run(CicServerExtension.PASSWORD + "\n", "--config-dir", dir.toString(), "login",
                "--server", "https://localhost:" + cic.server().httpsPort(), "--user", CicServerExtension.USER,
                "--client-id", cic.clientId(), "--client-secret", cic.clientSecret());

        assertThat(login.exitCode()).as(login.toString()).isNotZero();
        assertThat(login.err()).startsWith("cic device: cannot connect securely to https://localhost:")
                .contains("--ca-cert").hasLineCount(1);
    }

    @Test
    void runWithStdinSendsEachLineAndPrintsTheResponses() {
        Path dir = Cli.loggedInDevice(cic, tmp.resolve("d"));

        Cli.Result r = Cli.run("what time is it\n", "--config-dir", dir.toString(), "--json", "--out",
                tmp.resolve("out").toString(), "run", "--stdin", "--seconds", "4");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.directives("SpeechSynthesizer.Speak")).singleElement().satisfies(n -> {
            assertThat(n.path("source").asText()).isEqualTo("response");
            assertThat(Path.of(n.path("attachments").get(0).asText())).exists();
        });
        assertThat(r.directives("Clova.RenderText")).singleElement().satisfies(n ->
                assertThat(n.at("/directive/payload/text").asText()).startsWith("It's"));
    }
}
