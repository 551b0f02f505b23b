package dev.opencic.server.skill.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Alarms and timers by voice: flite speaks, the server's recogniser hears, the time parser resolves. */
class SpokenAlertsTest {

    static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(1).timeZone(ZONE));

    @TempDir
    static Path dir;

    @Test
    void aSpokenTimerAndASpokenAlarmAreSetWithTheRightTimes() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            Directive timer = directive(ask(device, "set a timer for ten minutes"), "Alerts.SetAlert");
            assertThat(Duration.between(ZonedDateTime.parse(timer.payload().get("currentTime").asText()),
                    ZonedDateTime.parse(timer.payload().get("scheduledTime").asText()))).isEqualTo(Duration.ofMinutes(10));

            Directive alarm = directive(ask(device, "wake me up at half past six tomorrow"), "Alerts.SetAlert");
            ZonedDateTime at = ZonedDateTime.parse(alarm.payload().get("scheduledTime").asText());
            assertThat(at.toLocalTime()).hasToString("06:30");
            assertThat(at.toLocalDate()).isEqualTo(ZonedDateTime.now(ZONE).toLocalDate().plusDays(1));
        }
    }

    static Directive directive(List<Directive> answer, String qualifiedName) {
        return answer.stream().filter(d -> d.header().qualifiedName().equals(qualifiedName)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + qualifiedName + " in " + answer.stream()
                        .map(d -> d.header().qualifiedName() + (d.name().equals("RenderText")
                                ? " \"" + d.payload().path("text").asText() + "\"" : "")).toList()));
    }

    static List<Directive> ask(TestDevice device, String words) throws Exception {
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

    /** 16 kHz 16-bit mono PCM of flite saying the words, with silence around them. */
    static byte[] speak(String words) throws Exception {
        Path wav = Files.createTempFile(dir, "speech", ".wav");
        Process p = new ProcessBuilder("flite", "-voice", "slt", "-t", words, "-o", wav.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        byte[] bytes = Files.readAllBytes(wav);
        for (int i = 12; i + 8 <= bytes.length; ) {
            String id = new String(bytes, i, 4, StandardCharsets.US_ASCII);
            int len = (bytes[i + 4] & 0xFF) | (bytes[i + 5] & 0xFF) << 8 | (bytes[i + 6] & 0xFF) << 16
                      | (bytes[i + 7] & 0xFF) << 24;
            if (id.equals("data")) {
                byte[] pcm = Arrays.copyOfRange(bytes, i + 8, Math.min(bytes.length, i + 8 + len));
                byte[] out = new byte[16_000 + pcm.length + 32_000];
                System.arraycopy(pcm, 0, out, 16_000, pcm.length);
                return out;
            }
            i += 8 + len;
        }
        throw new AssertionError("no data chunk in flite's output");
    }
}
