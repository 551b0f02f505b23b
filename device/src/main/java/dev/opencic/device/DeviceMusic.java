package dev.opencic.device;

import dev.opencic.client.ReceivedDirective;
import dev.opencic.client.agent.TemplateRuntimeAgent;
import dev.opencic.client.audio.MusicListener;
import dev.opencic.client.audio.MusicPlayer;
import dev.opencic.protocol.payload.AudioPlayer;
import dev.opencic.protocol.payload.TemplateRuntime;
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

    /**
     * The player's screen on a device without one: {@code RenderPlayerInfo} is printed as a list
     * (a liked song marked), and {@code /like} and {@code /unlike} typed in {@code run} send the
     * Like buttons for the song playing. The device reports no {@code Device.Display}, so the
     * server sends the list only in answer to those (and to {@code RequestPlayerInfo}).
     */
    static final class PlayerScreen extends TemplateRuntimeAgent {

        private final DirectivePrinter printer;

        PlayerScreen(DirectivePrinter printer) {
            this.printer = printer;
        }

        @Override
        protected void onRenderPlayerInfo(TemplateRuntime.RenderPlayerInfo payload, ReceivedDirective directive) {
            StringBuilder out = new StringBuilder("Player (" + payload.playableItems().size() + "):");
            int n = 1;
            for (TemplateRuntime.PlayableItem item : payload.playableItems()) {
                boolean liked = item.controls() != null && item.controls().stream()
                        .anyMatch(c -> TemplateRuntime.LIKE_DISLIKE.equals(c.name()) && c.selected());
                out.append("\n  ").append(n++).append(". ").append(item.titleText());
                if (item.titleSubText1() != null && !item.titleSubText1().isBlank()) {
                    out.append(" - ").append(item.titleSubText1());
                }
                if (liked) {
                    out.append(" (liked)");
                }
            }
            printer.info(out.toString());
        }

        /** {@code /like} or {@code /unlike}: the song playing; false when nothing plays. */
        boolean press(boolean like) {
            var token = currentToken();
            if (token.isEmpty()) {
                return false;
            }
            (like ? like(token.get()) : unlike(token.get())).whenComplete((r, e) -> {
                if (e != null) {
                    printer.warn((like ? "like" : "unlike") + " failed: " + DeviceException.oneLine(e.toString()));
                }
            });
            return true;
        }
    }
}
