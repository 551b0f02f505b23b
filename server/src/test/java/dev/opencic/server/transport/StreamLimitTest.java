package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.TestDevice;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP/2 {@code MAX_CONCURRENT_STREAMS}, read off the wire as a raw h2c peer: the server advertises
 * the configured limit in its SETTINGS frame and refuses a stream beyond it with
 * {@code RST_STREAM(REFUSED_STREAM)} while the streams before it stay open.
 */
class StreamLimitTest {

    static final int LIMIT = 4;
    static final int SETTINGS = 0x4;
    static final int RST_STREAM = 0x3;
    static final int HEADERS = 0x1;
    static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
    static final int REFUSED_STREAM = 0x7;

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.http2MaxStreams(LIMIT));

    record Frame(int type, int flags, int streamId, byte[] payload) {}

    @Test
    void theLimitIsAdvertisedAndAStreamBeyondItIsRefused() throws Exception {
        try (TestDevice device = cic.newDevice(); Socket socket = new Socket("127.0.0.1", cic.server().httpPort())) {
            device.connect(); // events need an open downchannel; these then wait for their bodies
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            writeFrame(out, SETTINGS, 0, 0, new byte[0]);

            Frame settings = readFrame(in);
            while (settings.type() != SETTINGS || (settings.flags() & 0x1) != 0) {
                settings = readFrame(in);
            }
            assertThat(setting(settings.payload(), SETTINGS_MAX_CONCURRENT_STREAMS)).isEqualTo(LIMIT);
            writeFrame(out, SETTINGS, 0x1, 0, new byte[0]); // ack

            // LIMIT + 1 events whose bodies never come: the last one is one stream too many.
            DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
            for (int i = 0; i <= LIMIT; i++) {
                Http2Headers headers = new DefaultHttp2Headers().method("POST").scheme("http").path("/v1/events")
                        .authority("127.0.0.1").add("authorization", "Bearer " + device.accessToken())
                        .add("content-type", "multipart/form-data; boundary=" + TestDevice.BOUNDARY);
                ByteBuf block = Unpooled.buffer();
                encoder.encodeHeaders(2 * i + 1, headers, block);
                byte[] bytes = new byte[block.readableBytes()];
                block.readBytes(bytes);
                block.release();
                writeFrame(out, HEADERS, 0x4 /* END_HEADERS, no END_STREAM */, 2 * i + 1, bytes);
            }
            out.flush();

            int lastStream = 2 * LIMIT + 1;
            Frame reset;
            do {
                reset = readFrame(in);
                if (reset.type() == RST_STREAM || reset.type() == HEADERS) {
                    assertThat(reset.streamId()).as("only the stream beyond the limit is answered now")
                            .isEqualTo(lastStream);
                }
            } while (reset.type() != RST_STREAM);
            assertThat(ByteBuffer.wrap(reset.payload()).getInt()).isEqualTo(REFUSED_STREAM);
        }
    }

    private static long setting(byte[] payload, int id) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        while (b.remaining() >= 6) {
            int key = b.getShort() & 0xffff;
            long value = b.getInt() & 0xffffffffL;
            if (key == id) {
                return value;
            }
        }
        return -1;
    }

    private static void writeFrame(OutputStream out, int type, int flags, int streamId, byte[] payload)
            throws IOException {
        ByteBuffer header = ByteBuffer.allocate(9);
        header.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        header.put((byte) type).put((byte) flags).putInt(streamId);
        out.write(header.array());
        out.write(payload);
    }

    private static Frame readFrame(DataInputStream in) throws IOException {
        int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int streamId = in.readInt() & 0x7fffffff;
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(type, flags, streamId, payload);
    }
}
