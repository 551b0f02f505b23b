package dev.opencic.server.skill.music;

import static dev.opencic.server.skill.music.MusicTesting.named;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.TestDevice;
import java.nio.file.Path;
import java.util.List;
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
        Engines.requireLame();
        Engines.requireOggenc();
        Engines.requireRecognizer(cic.server().asr());
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
        byte[] pcm = dev.opencic.server.testing.SpokenRequests.pcm("slt", text);
        byte[] audio = new byte[16000 + pcm.length + 32 * 1500];
        System.arraycopy(pcm, 0, audio, 16000, pcm.length);
        TestDevice.StreamingEvent event = device.startEvent(TestDevice.metadata("SpeechRecognizer", "Recognize",
                dev.opencic.protocol.MessageIds.newId(), TestDevice.payload().put("lang", "en")
                        .put("profile", "CLOSE_TALK").put("format", "AUDIO_L16_RATE_16000_CHANNELS_1")));
        event.writeAudio(audio);
        event.finish();
        return event.response().directives();
    }
}
