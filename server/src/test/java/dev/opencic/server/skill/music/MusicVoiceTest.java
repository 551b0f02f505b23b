package dev.opencic.server.skill.music;

import static dev.opencic.server.skill.music.MusicTesting.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Music by voice: flite says the request, the server's recogniser hears it, the queue comes back. */
class MusicVoiceTest {

    static final Path LIBRARY = MusicTesting.library();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(1).musicDirs(List.of(LIBRARY)));

    @BeforeAll
    static void ready() {
        assumeTrue(MusicTesting.toolsAvailable(), "needs lame and oggenc (apt-get install lame vorbis-tools)");
        assumeTrue(cic.server().asr().isAvailable(), "needs the speech recogniser");
        MusicTesting.awaitTracks(cic, MusicTesting.SONGS.size());
    }

    @Test
    void aSpokenRequestToPlayAnArtistGetsSpeakThenTheQueue() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<Directive> ds = ask(device, "play miles davis");
            List<Directive> plays = named(ds, "AudioPlayer.Play");
            assertThat(ds.get(0).name()).isEqualTo("Speak");
            assertThat(plays).hasSize(5);
            assertThat(plays.get(0).payload().at("/audioItem/title").asText()).isEqualTo("So What");

            MusicTesting.report(device, "PlayStarted", MusicTesting.token(plays.get(0)), "PLAYING", 0);
            List<Directive> next = ask(device, "next song");
            assertThat(named(next, "PlaybackController.Next")).hasSize(1);
        }
    }

    static List<Directive> ask(TestDevice device, String text) throws Exception {
        byte[] pcm = speak(text);
        byte[] audio = new byte[16000 + pcm.length + 32 * 1500];
        System.arraycopy(pcm, 0, audio, 16000, pcm.length);
        TestDevice.StreamingEvent event = device.startEvent(TestDevice.metadata("SpeechRecognizer", "Recognize",
                dev.opencic.protocol.MessageIds.newId(), TestDevice.payload().put("lang", "en")
                        .put("profile", "CLOSE_TALK").put("format", "AUDIO_L16_RATE_16000_CHANNELS_1")));
        event.writeAudio(audio);
        event.finish();
        return event.response().rest().stream().filter(StreamedParts.Part::isJson).map(StreamedParts.Part::directive)
                .toList();
    }

    /** 16 kHz mono 16-bit PCM of flite's slt voice saying the text. */
    static byte[] speak(String text) throws Exception {
        Path wav = Files.createTempFile("cic-music-voice", ".wav");
        try {
            Process p = new ProcessBuilder("flite", "-voice", "slt", "-t", text, "-o", wav.toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            byte[] bytes = Files.readAllBytes(wav);
            for (int i = 12; i + 8 <= bytes.length; ) {
                String id = new String(bytes, i, 4, java.nio.charset.StandardCharsets.US_ASCII);
                int len = (bytes[i + 4] & 0xFF) | (bytes[i + 5] & 0xFF) << 8 | (bytes[i + 6] & 0xFF) << 16
                        | (bytes[i + 7] & 0xFF) << 24;
                if (id.equals("data")) {
                    return Arrays.copyOfRange(bytes, i + 8, Math.min(bytes.length, i + 8 + len));
                }
                i += 8 + len + (len & 1);
            }
            throw new AssertionError("no data chunk in flite's output");
        } finally {
            Files.deleteIfExists(wav);
        }
    }
}
