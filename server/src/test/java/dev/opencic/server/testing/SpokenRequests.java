package dev.opencic.server.testing;

import dev.opencic.protocol.Directive;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Spoken requests for tests: flite says the words (16 kHz mono, with silence around them, as a
 * microphone would send), and a device streams them in {@code SpeechRecognizer.Recognize}.
 */
public final class SpokenRequests {

    private SpokenRequests() {}

    /** Streams the spoken words as a Recognize event and returns the response's directives. */
    public static List<Directive> ask(TestDevice device, String words) throws Exception {
        return ask(device, UUID.randomUUID().toString(), words);
    }

    /** As {@link #ask(TestDevice, String)}, under the given dialogRequestId (a reply to a question has its question's). */
    public static List<Directive> ask(TestDevice device, String dialogRequestId, String words) throws Exception {
        byte[] pcm = speak(words);
        TestDevice.StreamingEvent event = device.startEvent(TestDevice.metadata("SpeechRecognizer", "Recognize",
                dialogRequestId, TestDevice.payload().put("lang", "en").put("profile", "CLOSE_TALK")
                        .put("format", "AUDIO_L16_RATE_16000_CHANNELS_1")));
        for (int off = 0; off < pcm.length; off += 6400) {
            event.writeAudio(Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + 6400)));
        }
        event.finish();
        return event.response().directives();
    }

    /** The first directive of that name, or an error listing what came (with any RenderText's text). */
    public static Directive directive(List<Directive> answer, String qualifiedName) {
        return answer.stream().filter(d -> d.header().qualifiedName().equals(qualifiedName)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + qualifiedName + " in " + answer.stream()
                        .map(d -> d.header().qualifiedName() + (d.name().equals("RenderText")
                                ? " \"" + d.payload().path("text").asText() + "\"" : "")).toList()));
    }

    /** 16 kHz 16-bit mono PCM of flite's {@code slt} voice saying the words, with silence around them. */
    public static byte[] speak(String words) throws IOException, InterruptedException {
        byte[] pcm = pcm("slt", words);
        byte[] out = new byte[16_000 + pcm.length + 32_000]; // 0.5 s before, 1 s after
        System.arraycopy(pcm, 0, out, 16_000, pcm.length);
        return out;
    }

    /** The flite CLI voice ({@code slt}, {@code rms}, {@code awb}, {@code kal16}: all 16 kHz) saying the words, as PCM. */
    public static byte[] pcm(String voice, String words) throws IOException, InterruptedException {
        Path wav = Files.createTempFile("flite-" + voice, ".wav");
        try {
            Process p = new ProcessBuilder("flite", "-voice", voice, "-t", words, "-o", wav.toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("flite failed (voice " + voice + ") for: " + words);
            }
            return pcmOfWav(Files.readAllBytes(wav));
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    /** The PCM of a 16 kHz mono 16-bit WAV file. */
    public static byte[] pcmOfWav(byte[] wav) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 44 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IOException("not a RIFF/WAVE file");
        }
        int pos = 12;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        while (pos + 8 <= wav.length) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            if (id == 0x20746d66) { // "fmt "
                channels = b.getShort(pos + 10);
                rate = b.getInt(pos + 12);
                bits = b.getShort(pos + 22);
            } else if (id == 0x61746164) { // "data"
                if (channels != 1 || rate != 16_000 || bits != 16) {
                    throw new IOException("expected 16 kHz mono 16-bit, got " + rate + " Hz, " + channels + " ch, " + bits + " bit");
                }
                int len = Math.min(size, wav.length - pos - 8);
                byte[] out = new byte[len & ~1];
                System.arraycopy(wav, pos + 8, out, 0, out.length);
                return out;
            }
            pos += 8 + size + (size & 1);
        }
        throw new IOException("no data chunk");
    }
}
