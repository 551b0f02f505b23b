package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.linecorp.armeria.common.HttpResponse;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalDownchannelRegistryTest {

    final AtomicLong now = new AtomicLong();
    final LocalDownchannelRegistry registry = new LocalDownchannelRegistry(2, Duration.ofSeconds(3), now::get);
    final DeviceIdentity device = new DeviceIdentity("acct", "client", "dev-1");

    Downchannel open(DeviceIdentity d) {
        var response = HttpResponse.streaming();
        response.aggregate(); // a reader, as the device's connection would be
        Downchannel ch = new Downchannel(d, response, Runnable::run);
        registry.register(ch);
        ch.start();
        return ch;
    }

    @Test
    void aThirdOpenWithinTheWindowIsRefusedAndAllowedOnceTheWindowPassed() {
        open(device);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        open(device);
        assertThatThrownBy(() -> open(device)).isInstanceOf(CicException.class)
                .satisfies(e -> assertThat(((CicException) e).status().code()).isEqualTo(429));
        now.addAndGet(Duration.ofMillis(2100).toNanos()); // the first open left the window
        open(device);
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void tenOpensInARowEachAfterTheLastClosedAreAllAllowed() {
        // ./cic device say in a loop: each invocation opens a downchannel and closes it before exiting
        for (int i = 0; i < 10; i++) {
            Downchannel ch = open(device);
            ch.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> !registry.isOpen(device));
            now.addAndGet(Duration.ofMillis(100).toNanos());
        }
        assertThat(registry.size()).isZero();
    }

    @Test
    void opensReplacingAStillOpenDownchannelAreAStormEvenAfterACleanClose() {
        open(device).close();
        await().atMost(Duration.ofSeconds(5)).until(() -> !registry.isOpen(device));
        open(device);
        open(device); // replaces
        assertThatThrownBy(() -> open(device)).isInstanceOf(CicException.class)
                .satisfies(e -> assertThat(((CicException) e).status().code()).isEqualTo(429));
    }

    @Test
    void theLimitIsPerDevice() {
        List<Downchannel> channels = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            channels.add(open(new DeviceIdentity("acct", "client", "dev-" + i)));
        }
        assertThat(registry.size()).isEqualTo(10);
        assertThat(channels).allMatch(Downchannel::isOpen);
    }

    @Test
    void openingAgainClosesThePreviousDownchannelAndClosingUnregisters() {
        Downchannel first = open(device);
        Downchannel second = open(device);
        await().atMost(Duration.ofSeconds(5)).until(() -> first.whenClosed().isDone());
        assertThat(second.isOpen()).isTrue();
        registry.close(device, 401, "revoked");
        await().atMost(Duration.ofSeconds(5)).until(() -> second.whenClosed().isDone());
        assertThat(registry.isOpen(device)).isFalse();
        assertThat(registry.size()).isZero();
    }

    @Test
    void aPushFromAnOpenListenerGoesOutAfterTheHello() throws Exception {
        // Listeners hear of a downchannel when it registers, before its headers and Clova.Hello are
        // written; what they push must queue behind them, not break the stream.
        registry.addOpenListener(d -> registry.push(d, Reply.of(
                dev.opencic.protocol.Directive.of("Clova", "RenderText", null))));
        var response = HttpResponse.streaming();
        var body = response.aggregate();
        Downchannel ch = new Downchannel(device, response, Runnable::run);
        registry.register(ch);
        ch.start();
        registry.close(device, 401, "revoked");
        String text = body.get(5, java.util.concurrent.TimeUnit.SECONDS).contentUtf8();
        assertThat(text.indexOf("\"Hello\"")).isPositive();
        assertThat(text.indexOf("\"RenderText\"")).isGreaterThan(text.indexOf("\"Hello\""));
        assertThat(text).contains("System");
    }
}
