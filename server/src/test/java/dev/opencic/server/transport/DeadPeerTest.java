package dev.opencic.server.transport;

import static dev.opencic.server.testing.RawHttp2Frames.PREFACE;
import static dev.opencic.server.testing.RawHttp2Frames.frame;
import static dev.opencic.server.testing.RawHttp2Frames.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.testing.CicServerExtension;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A device that vanishes without closing TCP: the server PINGs a silent connection and closes it
 * when no ACK comes, and its downchannel with it. Raw HTTP/2 frames, so the peer can really stay mute.
 */
class DeadPeerTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.pingInterval(Duration.ofSeconds(1)));

    @Test
    void aPeerThatNeverAnswersAPingIsClosedAndItsDownchannelWithIt() throws Exception {
        String token = cic.obtainToken("mute-device").accessToken();
        try (Socket s = new Socket("127.0.0.1", cic.server().httpPort())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(PREFACE);
            out.write(frame(4, 0, 0, new byte[0]));                       // SETTINGS
            out.write(frame(1, 0x5, 1, headers(                            // HEADERS, END_STREAM | END_HEADERS
                    ":method", "GET", ":scheme", "http", ":path", "/v1/directives",
                    ":authority", "127.0.0.1", "authorization", "Bearer " + token)));
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            boolean downchannelOpened = false;
            boolean pinged = false;
            boolean closed = false;
            long started = System.nanoTime();
            while (!closed) {
                int type;
                int flags;
                try {
                    int len = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
                    type = in.readUnsignedByte();
                    flags = in.readUnsignedByte();
                    int stream = in.readInt();
                    in.readFully(new byte[len]);
                    if (type == 1 && stream == 1) {
                        downchannelOpened = true;
                    }
                } catch (EOFException | SocketException e) {
                    closed = true;
                    continue;
                }
                if (type == 4 && (flags & 1) == 0) {
                    out.write(frame(4, 1, 0, new byte[0])); // ACK the server's SETTINGS: alive so far
                    out.flush();
                }
                if (type == 6 && (flags & 1) == 0) {
                    pinged = true; // and never answered
                }
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
            }
            assertThat(downchannelOpened).as("the downchannel was open").isTrue();
            assertThat(pinged).as("the server PINGed the silent connection").isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> cic.server().downchannels().size() == 0);
    }
}
