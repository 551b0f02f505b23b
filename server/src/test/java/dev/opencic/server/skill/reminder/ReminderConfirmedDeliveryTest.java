package dev.opencic.server.skill.reminder;

import static dev.opencic.server.testing.RawHttp2Frames.PREFACE;
import static dev.opencic.server.testing.RawHttp2Frames.frame;
import static dev.opencic.server.testing.RawHttp2Frames.headers;
import static dev.opencic.server.testing.RawHttp2Frames.windowIncrement;
import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.reminder.ReminderTesting.AWAIT;
import static dev.opencic.server.skill.reminder.ReminderTesting.advance;
import static dev.opencic.server.skill.reminder.ReminderTesting.assertNoReminder;
import static dev.opencic.server.skill.reminder.ReminderTesting.awaitCounted;
import static dev.opencic.server.skill.reminder.ReminderTesting.connect;
import static dev.opencic.server.skill.reminder.ReminderTesting.counted;
import static dev.opencic.server.skill.reminder.ReminderTesting.nextReminder;
import static dev.opencic.server.skill.reminder.ReminderTesting.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.MutableClock;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Delivery that means delivery (issue 17): a reminder counts as delivered only when the device has
 * read it, shown by the ACK of a PING the server sends after it on the same connection. A device
 * whose HTTP/2 stack receives the reminder but never acknowledges the PING (it hangs, then its
 * connection goes) keeps the reminder held; when it reconnects it hears it, once.
 */
class ReminderConfirmedDeliveryTest {

    static final MutableClock clock = new MutableClock(Instant.now());

    // The server's own keep-alive PINGs come only after a minute of silence: any PING the mute
    // device sees here is the one that follows the reminder. The device reconnects three times
    // within seconds, which the default downchannel open rate would refuse.
    @RegisterExtension
    static final CicServerExtension server = new CicServerExtension(
            b -> b.asrPoolSize(0).pingInterval(Duration.ofSeconds(60)).downchannelMaxOpens(10), s -> s.clock(clock));

    @Test
    void aDeviceThatNeverAcknowledgesThePingGetsTheReminderAgainOnReconnectOnce() throws Exception {
        String id = "porch-speaker";
        try (TestDevice device = server.device(id)) {
            device.connect();
            say(device, "remind me to water the plants in 8 seconds");
        }
        double delivered = counted(server, "delivered");
        double held = counted(server, "held");
        double checks = counted(server, "held.checks");

        try (MuteDevice mute = new MuteDevice(server.server().httpPort(), server.obtainToken(id).accessToken())) {
            await().atMost(AWAIT).until(() -> counted(server, "held.checks") > checks); // its downchannel is open
            advance(server, clock, Duration.ofSeconds(8));
            await().atMost(AWAIT).untilTrue(mute.pingedAfterReminder); // read the reminder, then hangs and goes
        }
        awaitCounted(server, "held", held);
        assertThat(counted(server, "delivered")).as("not delivered: its PING was never acknowledged")
                .isEqualTo(delivered);

        try (TestDevice device = server.device(id)) {
            StreamedParts down = connect(server, device);
            assertThat(text(nextReminder(down, AWAIT))).isEqualTo("Reminder: water the plants.");
            awaitCounted(server, "delivered", delivered); // this one's PING was acknowledged
            assertNoReminder(server, clock, device, down);
        }
        try (TestDevice device = server.device(id)) {
            assertNoReminder(server, clock, device, connect(server, device)); // never twice once confirmed
        }
    }

    /**
     * A raw HTTP/2 connection with an open downchannel whose device reads frames (and opens the
     * flow-control windows wide) but never answers a PING; after the first PING that follows a
     * reminder it closes, as a device that hung and was then switched off.
     */
    static final class MuteDevice implements AutoCloseable {
        final AtomicBoolean pingedAfterReminder = new AtomicBoolean();
        private final Socket socket;
        private final Thread reader;

        MuteDevice(int port, String token) throws IOException {
            socket = new Socket("127.0.0.1", port);
            OutputStream out = socket.getOutputStream();
            out.write(PREFACE);
            out.write(frame(4, 0, 0, new byte[0]));                        // SETTINGS
            out.write(frame(8, 0, 0, windowIncrement(16 * 1024 * 1024)));   // WINDOW_UPDATE, connection
            out.write(frame(1, 0x5, 1, headers(                             // HEADERS, END_STREAM | END_HEADERS
                    ":method", "GET", ":scheme", "http", ":path", "/v1/directives",
                    ":authority", "127.0.0.1", "authorization", "Bearer " + token)));
            out.write(frame(8, 0, 1, windowIncrement(16 * 1024 * 1024)));   // WINDOW_UPDATE, the downchannel
            out.flush();
            reader = new Thread(this::read, "mute-device");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                StringBuilder text = new StringBuilder();
                while (true) {
                    int len = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
                    int type = in.readUnsignedByte();
                    int flags = in.readUnsignedByte();
                    in.readInt();
                    byte[] payload = new byte[len];
                    in.readFully(payload);
                    if (type == 0) {
                        text.append(new String(payload, StandardCharsets.ISO_8859_1));
                    } else if (type == 4 && (flags & 1) == 0) {
                        out.write(frame(4, 1, 0, new byte[0])); // ACK SETTINGS: a live peer so far
                        out.flush();
                    } else if (type == 6 && (flags & 1) == 0 && text.indexOf("Reminder: water the plants.") >= 0) {
                        pingedAfterReminder.set(true); // never answered
                        socket.close();
                        return;
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
            reader.join(AWAIT.toMillis());
        }
    }
}
