package dev.opencic.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.testing.CicServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ./cic admin} while the server runs goes through the admin endpoint (the database is the
 * server's alone), and what it changes applies at once; {@code /metrics} lives on the admin port.
 */
class AdminEndpointTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension();

    /** {@code ./cic admin --data-dir <the running server's> ARGS}; its err is picocli's only (System.err carries the server's log). */
    static CliRun admin(String stdin, String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "admin";
        full[1] = "--data-dir";
        full[2] = cic.server().config().dataDir().toString();
        System.arraycopy(args, 0, full, 3, args.length);
        return CliRun.run(stdin, full);
    }

    private static AggregatedHttpResponse login(String user, String password) {
        return cic.client().execute(RequestHeaders.of(HttpMethod.POST, "/accounts/login", "content-type", MediaType.FORM_DATA),
                "username=" + user + "&password=" + password.replace(" ", "+")).aggregate().join();
    }

    @Test
    void aUserAddedWhileTheServerRunsLogsInAtOnce() {
        assertThat(login("zoe", "zoe's long password").status().code()).isEqualTo(401);
        CliRun r = admin("zoe's long password\n", "user", "add", "zoe");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("account created: zoe\n");
        assertThat(login("zoe", "zoe's long password").status().code()).isEqualTo(200);

        CliRun again = admin("zoe's long password\n", "user", "add", "zoe");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err().lines()).hasSize(1);
        assertThat(again.err()).startsWith("cic: ").doesNotContain("Exception");
    }

    @Test
    void aTimeZoneChangeAppliesToTheNextAnswerWithoutWaitingForTheCache() {
        String accountId = cic.server().auth().accounts().findByUsername(CicServerExtension.USER).orElseThrow().accountId();
        DeviceIdentity device = new DeviceIdentity(accountId, cic.clientId(), "tz-device");
        ZoneId before = cic.server().zones().zoneOf(device); // now cached for a minute
        ZoneId wanted = before.getId().equals("Asia/Tokyo") ? ZoneId.of("Europe/Paris") : ZoneId.of("Asia/Tokyo");

        CliRun r = admin("", "user", "timezone", CicServerExtension.USER, wanted.getId());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("time zone of alice: " + wanted + "\n");
        assertThat(cic.server().zones().zoneOf(device)).isEqualTo(wanted);

        assertThat(admin("", "user", "timezone", CicServerExtension.USER, "Mars/Olympus").code()).isEqualTo(2);
    }

    @Test
    void placesAndClientsGoThroughTheServerToo() throws Exception {
        assertThat(admin("", "place", "set", CicServerExtension.USER, "--name", "Berlin", "--latitude", "52.52",
                "--longitude", "13.405").out()).isEqualTo("place saved for alice: Berlin (52.52, 13.405)\n");
        assertThat(admin("", "place", "show", CicServerExtension.USER).out()).isEqualTo("Berlin (52.52, 13.405)\n");
        assertThat(admin("", "client", "add", "radio").out()).contains("\"client_id\"").contains("\"client_secret\"");
        CliRun noUser = admin("", "place", "show", "nobody");
        assertThat(noUser.code()).isEqualTo(1);
        assertThat(noUser.err()).isEqualTo("cic: no such user: nobody\n");
    }

    @Test
    void metricsAreOnTheAdminPortOnlyAndAdminCommandsNeedTheSecret() throws Exception {
        assertThat(cic.client().get("/metrics").aggregate().join().status().code()).as("device port").isEqualTo(404);
        assertThat(cic.metrics()).contains("cic_downchannels_active");

        WebClient admin = WebClient.of("http://127.0.0.1:" + cic.server().adminPort());
        AggregatedHttpResponse noSecret = admin.execute(RequestHeaders.of(HttpMethod.POST, "/admin/v1/place-show",
                "content-type", MediaType.JSON), "{\"user\":\"alice\"}").aggregate().join();
        assertThat(noSecret.status().code()).isEqualTo(401);
        AggregatedHttpResponse wrongSecret = admin.execute(RequestHeaders.of(HttpMethod.POST, "/admin/v1/place-show",
                "content-type", MediaType.JSON, "authorization", "Bearer not-the-secret"), "{\"user\":\"alice\"}")
                .aggregate().join();
        assertThat(wrongSecret.status().code()).isEqualTo(401);
        String secret = Files.readString(cic.server().config().dataDir().resolve("admin.secret"));
        AggregatedHttpResponse unknown = admin.execute(RequestHeaders.of(HttpMethod.POST, "/admin/v1/drop-tables",
                "content-type", MediaType.JSON, "authorization", "Bearer " + secret), "{}").aggregate().join();
        assertThat(unknown.status().code()).isEqualTo(404);
        assertThat(cic.client().post("/admin/v1/place-show", "{}").aggregate().join().status().code())
                .as("no admin route on the device port").isEqualTo(404);
    }

    @Test
    void withTheServerStoppedTheCommandOpensTheDatabaseItself() throws Exception {
        Path dir = cic.server().config().dataDir();
        cic.stop();
        try {
            assertThat(dir.resolve("admin.endpoint")).doesNotExist();
            CliRun r = admin("offline password\n", "user", "add", "offline-user");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("account created: offline-user\n");
        } finally {
            cic.start();
        }
        assertThat(login("offline-user", "offline password").status().code()).isEqualTo(200);
    }
}
