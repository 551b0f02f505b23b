package dev.opencic.device;

import dev.opencic.client.audio.MusicListener;
import dev.opencic.client.audio.MusicPlayer;
import dev.opencic.protocol.payload.AudioPlayer;
import java.nio.file.Path;
import java.time.Duration;

/** The device's music player: MP3 decoded to the speaker (or paced), events printed as they go. */
final class DeviceMusic {

    private DeviceMusic() {}

    /**
     * @param saveDir where streams are saved ({@code --out} given), or null
     * @param speaker whether to try the sound card
     */
    static MusicPlayer player(DirectivePrinter printer, Path saveDir, boolean speaker) {
        DecodingMusicOutput output = new DecodingMusicOutput(saveDir, speaker, printer::warn);
        return new MusicPlayer(output, new MusicListener() {
            @Override
            public void onPlaybackEvent(String eventName, AudioPlayer.AudioItem audioItem) {
                printer.playback(eventName, audioItem);
            }

            @Override
            public void onPlaybackFailed(AudioPlayer.AudioItem audioItem, Throwable cause) {
                printer.warn("cannot play " + DirectivePrinter.describe(audioItem) + ": "
                        + DeviceException.oneLine(DeviceException.describe(cause)));
            }

            @Override
            public void onVolumeChanged(int volume, boolean muted) {
                printer.info("Volume " + volume + (muted ? " (muted)" : ""));
            }
        }, 5, Duration.ofSeconds(10));
    }
}
