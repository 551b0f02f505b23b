package dev.opencic.server.testing;

import dev.opencic.protocol.Directive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        byte[] pcm = speak(words);
        TestDevice.StreamingEvent event = device.startEvent(TestDevice.metadata("SpeechRecognizer", "Recognize",
                UUID.randomUUID().toString(), TestDevice.payload().put("lang", "en").put("profile", "CLOSE_TALK")
                        .put("format", "AUDIO_L16_RATE_16000_CHANNELS_1")));
        for (int off = 0; off < pcm.length; off += 6400) {
            event.writeAudio(Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + 6400)));
        }
        event.finish();
        return event.response().rest().stream().filter(StreamedParts.Part::isJson).map(StreamedParts.Part::directive)
                .toList();
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
        Path wav = Files.createTempFile("spoken", ".wav");
        try {
            Process p = new ProcessBuilder("flite", "-voice", "slt", "-t", words, "-o", wav.toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("flite failed for: " + words);
            }
            byte[] bytes = Files.readAllBytes(wav);
            for (int i = 12; i + 8 <= bytes.length; ) {
                String id = new String(bytes, i, 4, StandardCharsets.US_ASCII);
                int len = (bytes[i + 4] & 0xFF) | (bytes[i + 5] & 0xFF) << 8 | (bytes[i + 6] & 0xFF) << 16
                          | (bytes[i + 7] & 0xFF) << 24;
                if (id.equals("data")) {
                    byte[] pcm = Arrays.copyOfRange(bytes, i + 8, Math.min(bytes.length, i + 8 + len));
                    byte[] out = new byte[16_000 + pcm.length + 32_000]; // 0.5 s before, 1 s after
                    System.arraycopy(pcm, 0, out, 16_000, pcm.length);
                    return out;
                }
                i += 8 + len;
            }
            throw new IOException("no data chunk in flite's output");
        } finally {
            Files.deleteIfExists(wav);
        }
    }
}
