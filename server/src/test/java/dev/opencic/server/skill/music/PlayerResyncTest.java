package dev.opencic.server.skill.music;

import static dev.opencic.server.skill.SkillTestSupport.say;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.payload.AudioPlayer;
import dev.opencic.protocol.payload.PlayerActivity;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code System.RequestSynchronizeState} over HTTP/2 brings the player back in step: a device the
 * server holds a queue for gets, after {@code System.SynchronizeState}, its player as the server saw
 * it ({@code AudioPlayer.SynchronizePlaybackState} with its own deviceId) and {@code
 * ExpectReportPlaybackState}; a device with no queue gets neither.
 */
class PlayerResyncTest {

    static final Path LIBRARY = MusicTesting.library();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0).musicDirs(List.of(LIBRARY)));

    @BeforeAll
    static void libraryScanned() {
        Engines.requireLame();
        Engines.requireOggenc();
        MusicTesting.awaitTracks(cic, MusicTesting.SONGS.size());
    }

    @Test
    void aDeviceWithAQueueGetsItsPlayerBackAndIsAskedToReport() throws Exception {
        try (TestDevice device = cic.newDevice(); TestDevice idle = cic.newDevice()) {
            device.connect();
            List<Directive> play = say(device, "play miles davis");
            String first = MusicTesting.token(play.stream().filter(d -> d.name().equals("Play")).findFirst().orElseThrow());
            assertThat(MusicTesting.report(device, "PlayStarted", first, "PLAYING", 0).status()).isEqualTo(204);

            StreamedParts res = device.send("System", "RequestSynchronizeState", MessageIds.newId(), TestDevice.payload());
            assertThat(res.status()).isEqualTo(200);
            List<Directive> sync = res.directives();
            assertThat(sync).extracting(d -> d.header().qualifiedName()).containsExactly("System.SynchronizeState",
                    "AudioPlayer.SynchronizePlaybackState", "AudioPlayer.ExpectReportPlaybackState");
            AudioPlayer.SynchronizePlaybackState player = (AudioPlayer.SynchronizePlaybackState) sync.get(1).typedPayload();
            assertThat(player.deviceId()).isEqualTo(device.deviceId());
            assertThat(player.playbackState().playerActivity()).isEqualTo(PlayerActivity.PLAYING);
            assertThat(player.playbackState().token()).isEqualTo(first);

            idle.connect();
            StreamedParts none = idle.send("System", "RequestSynchronizeState", MessageIds.newId(), TestDevice.payload());
            assertThat(none.directives()).extracting(d -> d.header().qualifiedName())
                    .containsExactly("System.SynchronizeState");
        }
    }
}
