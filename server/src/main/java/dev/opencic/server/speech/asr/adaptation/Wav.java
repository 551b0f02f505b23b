package dev.opencic.server.speech.asr.adaptation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** 16 kHz mono 16-bit PCM in a RIFF/WAVE file, the form {@code sphinx_fe -mswav yes} reads. */
final class Wav {

    private Wav() {}

    static byte[] of(byte[] pcm16kMonoS16le) {
        int data = pcm16kMonoS16le.length & ~1;
        ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(16_000).putInt(32_000).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data).put(pcm16kMonoS16le, 0, data);
        return b.array();
    }
}
