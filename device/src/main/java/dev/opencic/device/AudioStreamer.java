package dev.opencic.device;

import dev.opencic.client.AudioSink;
import dev.opencic.client.CicClient;
import dev.opencic.client.EventResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One {@code SpeechRecognizer.Recognize}: audio from a {@link PcmSource} goes into the SDK's {@link
 * AudioSink} in 200 ms chunks, paced in real time for a file (chunk n leaves when it would have been
 * captured) or as fast as the source delivers; sending stops at the end of the audio, when
 * StopCapture arrives, when the server already answered, or after {@code maxMillis} (plus 5 s for each
 * KeepRecording the server sent).
 */
final class AudioStreamer {

    /** Where PCM (16 kHz mono 16-bit LE) comes from: a file or a microphone. */
    interface PcmSource {
        /** Reads up to {@code len} bytes; -1 at the end. Blocks as long as capture takes. */
        int read(byte[] buf, int off, int len) throws IOException;
    }

    /** What was sent and what came back. */
    record Result(long bytesSent, long elapsedMillis, boolean stoppedByServer, EventResponse response) {}

    private AudioStreamer() {}

    static Result recognize(CicClient client, String server, PcmSource source, boolean realTime, long maxMillis,
                            RecognizerAgent recognizer) throws DeviceException, InterruptedException {
        AudioSink sink = client.startRecognize();
        byte[] buf = new byte[AudioSink.CHUNK_BYTES];
        long t0 = System.nanoTime();
        long sent = 0;
        boolean stopped = false;
        try {
            while (sent < (maxMillis + recognizer.extraMillis()) * WavReader.BYTES_PER_MS) {
                int n = readChunk(source, buf);
                if (n <= 0) {
                    break;
                }
                if (realTime) {
                    long dueMillis = (sent + n) / WavReader.BYTES_PER_MS;
                    long waitMillis = dueMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                    recognizer.awaitStop(waitMillis);
                }
                if (recognizer.stopRequested()) {
                    stopped = true;
                    break;
                }
                if (sink.response().isDone()) {
                    break;
                }
                sink.write(buf, 0, n);
                sent += n;
            }
        } catch (IOException e) {
            // the request failed while we were writing: its response says why
        }
        try {
            sink.close();
        } catch (IOException e) {
            // ditto
        }
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        try {
            EventResponse response = sink.response().get(60, TimeUnit.SECONDS);
            response.processed().get(60, TimeUnit.SECONDS);
            return new Result(sent, elapsed, stopped || recognizer.stopRequested(), response);
        } catch (InterruptedException e) {
            sink.cancel();
            throw e;
        } catch (Exception e) {
            throw DeviceException.from(e, server);
        }
    }

    private static int readChunk(PcmSource source, byte[] buf) throws IOException {
        int off = 0;
        while (off < buf.length) {
            int n = source.read(buf, off, buf.length - off);
            if (n < 0) {
                break;
            }
            off += n;
        }
        return off - off % 2;
    }
}
