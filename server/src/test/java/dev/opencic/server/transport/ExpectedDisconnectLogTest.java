package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A device closing its downchannel (what every {@code ./cic device say} does as it exits) is an
 * expected end: the access log writes it at DEBUG as {@code end=device-closed}, never an INFO line
 * naming an exception, while a real failure still logs at INFO.
 */
class ExpectedDisconnectLogTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    @Test
    void aDownchannelTheDeviceClosedIsLoggedAtDebugAsAnExpectedEnd() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger access = (Logger) LoggerFactory.getLogger("cic.access");
        Level level = access.getLevel();
        access.setLevel(Level.DEBUG);
        access.addAppender(logs);
        try {
            TestDevice device = cic.newDevice();
            device.connect();
            await().atMost(Duration.ofSeconds(5)).until(() -> cic.server().downchannels().size() == 1);
            device.close(); // the device goes away, as a say does when it exits
            await().atMost(Duration.ofSeconds(10)).until(() -> lines(logs, "/v1/directives").size() == 1);

            ILoggingEvent closed = lines(logs, "/v1/directives").get(0);
            assertThat(closed.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(closed.getFormattedMessage()).contains("status=200").contains("end=device-closed")
                    .doesNotContain("cause=").doesNotContain("Exception");

            // a real failure still reads as one
            try (TestDevice other = cic.newDevice()) {
                assertThat(other.send("TextRecognizer", "Recognize", null, TestDevice.payload().put("text", "hi"))
                        .status()).isGreaterThanOrEqualTo(400);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> lines(logs, "/v1/events").size() == 1);
            assertThat(lines(logs, "/v1/events").get(0).getLevel()).isEqualTo(Level.INFO);
        } finally {
            access.detachAppender(logs);
            access.setLevel(level);
        }
    }

    private static List<ILoggingEvent> lines(ListAppender<ILoggingEvent> logs, String path) {
        return logs.list.stream().filter(e -> e.getFormattedMessage().contains(" " + path + " ")).toList();
    }
}
