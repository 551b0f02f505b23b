package dev.opencic.server.cli;

import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.TestDevice;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 18 item 7: what {@code ./cic admin} changes while the server runs applies to the very next
 * answer, end to end: the command goes through the admin route of the running server, and the next
 * "what time is it" / "what's the weather" a device asks uses the new value (no waiting for a cache).
 * The weather comes from a local stand-in for Open-Meteo (Berlin only), as in WeatherTest.
 */
class AdminChangesApplyAtOnceTest {

    /** Monday, 7 December 2026, 10:00 in Tokyo (the server's zone), 02:00 in Paris. */
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-07T01:00:00Z"));

    @RegisterExtension
    @Order(1)
    static final ServerExtension openMeteo = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) throws Exception {
            String berlin;
            try (InputStream in = AdminChangesApplyAtOnceTest.class.getResourceAsStream(
                    "/weather/open-meteo/forecast-berlin.json")) {
                berlin = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            sb.http(0);
            sb.service("/v1/forecast", (ctx, req) -> (int) Double.parseDouble(ctx.queryParam("latitude")) == 52
                    ? HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, berlin)
                    : HttpResponse.of(HttpStatus.NOT_FOUND));
        }
    };

    @RegisterExtension
    @Order(2)
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0).timeZone(ZoneId.of("Asia/Tokyo"))
            .weatherForecastUrl(openMeteo.httpUri().resolve("/v1/forecast").toString())
            .weatherGeocodingUrl(openMeteo.httpUri().resolve("/v1/search").toString()),
            builder -> builder.clock(CLOCK));

    static TestDevice device;

    @BeforeAll
    static void connect() throws Exception {
        device = cic.newDevice();
        device.connect();
    }

    @AfterAll
    static void close() {
        device.close();
    }

    static CliRun admin(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "admin";
        full[1] = "--data-dir";
        full[2] = cic.server().config().dataDir().toString();
        System.arraycopy(args, 0, full, 3, args.length);
        CliRun r = CliRun.run("", full);
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    @Test
    void aTimeZoneSetWhileTheServerRunsIsTheNextAnswersZone() throws Exception {
        assertThat(words(say(device, "what time is it"))).isEqualTo("It's 10:00 AM."); // Tokyo, now cached
        admin("user", "timezone", CicServerExtension.USER, "Europe/Paris");
        assertThat(words(say(device, "what time is it"))).isEqualTo("It's 2:00 AM.");
        admin("user", "timezone", CicServerExtension.USER, "America/New_York");
        assertThat(words(say(device, "what time is it"))).isEqualTo("It's 8:00 PM.");
    }

    @Test
    void aPlaceSetOrClearedWhileTheServerRunsIsTheNextForecastsPlace() throws Exception {
        String noPlace = "I don't know where you are. Which city would you like the weather for?";
        assertThat(words(say(device, "what's the weather like today"))).isEqualTo(noPlace);

        admin("place", "set", CicServerExtension.USER, "--name", "Berlin", "--latitude", "52.52", "--longitude", "13.405");
        assertThat(words(say(device, "what's the weather like today"))).startsWith("Right now in Berlin it's 6 degrees");

        admin("place", "clear", CicServerExtension.USER);
        assertThat(words(say(device, "what's the weather like today"))).isEqualTo(noPlace);
    }
}
