package dev.opencic.server.skill.music;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.payload.AudioPlayer;
import dev.opencic.protocol.payload.PlayerActivity;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.DirectivePusher;
import dev.opencic.server.api.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps players in step across devices and reconnects (AudioPlayer.md, "Sharing the audio playback
 * state"):
 * <ul>
 *   <li>{@code RequestPlaybackState} from an app of the account: answered at once with a
 *       {@code SynchronizePlaybackState} per device as the server last saw it, and each of those
 *       devices gets {@code ExpectReportPlaybackState}; their {@code ReportPlaybackState} reaches the
 *       asking device as a fresh {@code SynchronizePlaybackState} (for {@link #WAIT} at most).</li>
 *   <li>A device whose downchannel opens again while the server holds a queue for it gets
 *       {@code ExpectReportPlaybackState}, so the server's view of its player is current again
 *       before the user's next "next" or "what's playing".</li>
 *   <li>{@code System.RequestSynchronizeState} from a device the server holds a queue for: its own
 *       {@code SynchronizePlaybackState} and {@code ExpectReportPlaybackState} ({@link #resync}).</li>
 * </ul>
 */
final class PlaybackSync {

    /** How long a device that asked waits for the others' reports. */
    static final Duration WAIT = Duration.ofMinutes(1);

    private final Players players;
    private final DirectivePusher downchannels;
    /** Target device -> the devices waiting for its report. */
    private final Cache<DeviceIdentity, Set<DeviceIdentity>> waiting = Caffeine.newBuilder()
            .expireAfterWrite(WAIT).build();

    /** {@code downchannels} null (a module built without a server, in tests): nothing is pushed. */
    PlaybackSync(Players players, DirectivePusher downchannels) {
        this.players = players;
        this.downchannels = downchannels != null ? downchannels : NOWHERE;
        this.downchannels.addOpenListener(this::reconnected);
    }

    private static final DirectivePusher NOWHERE = new DirectivePusher() {
        @Override
        public java.util.concurrent.CompletableFuture<Boolean> push(DeviceIdentity device, Reply reply) {
            return java.util.concurrent.CompletableFuture.completedFuture(false);
        }

        @Override
        public boolean isOpen(DeviceIdentity device) {
            return false;
        }

        @Override
        public void addOpenListener(java.util.function.Consumer<DeviceIdentity> listener) {}
    };

    /** The pusher in use (never null). */
    DirectivePusher downchannels() {
        return downchannels;
    }

    private void reconnected(DeviceIdentity device) {
        // In a cluster the player may be another node's (the device's node died): read without waiting here.
        players.ready(device).thenAccept(player -> {
            if (player.hasQueue()) {
                downchannels.push(device, Reply.of(expectReport(null)));
            }
        });
    }

    /**
     * The player's part of {@code System.RequestSynchronizeState}: while the server holds a queue for
     * the device, its player as the server last saw it ({@code SynchronizePlaybackState} with its own
     * deviceId) and {@code ExpectReportPlaybackState}, so that the server hears where it really is.
     */
    List<Directive> resync(DeviceIdentity device, String dialogRequestId) {
        return players.known(device).filter(Player::hasQueue)
                .map(p -> List.of(synchronize(device, p, dialogRequestId), expectReport(dialogRequestId)))
                .orElse(List.of());
    }

    static Directive expectReport(String dialogRequestId) {
        return Directive.of(dialogRequestId, new AudioPlayer.ExpectReportPlaybackState());
    }

    /**
     * The answer to {@code RequestPlaybackState} from {@code asking}: the known state of the target
     * (or of every device of the account but the asking one), after asking the targets to report.
     */
    List<Directive> request(DeviceIdentity asking, Optional<DeviceIdentity> target, String dialogRequestId) {
        Map<DeviceIdentity, Player> targets = target.isPresent()
                ? Map.of(target.get(), players.of(target.get()))
                : players.ofAccount(asking.accountId());
        List<Directive> out = new ArrayList<>();
        for (Map.Entry<DeviceIdentity, Player> e : targets.entrySet()) {
            DeviceIdentity device = e.getKey();
            if (target.isEmpty() && device.equals(asking)) {
                continue;
            }
            out.add(synchronize(device, e.getValue(), dialogRequestId));
            if (!device.equals(asking)) {
                waiting.asMap().computeIfAbsent(device, d -> ConcurrentHashMap.newKeySet()).add(asking);
                downchannels.push(device, Reply.of(expectReport(null)));
            }
        }
        return out;
    }

    /** A device reported its state: the devices waiting for it get it. */
    void reported(DeviceIdentity device, Player player) {
        Set<DeviceIdentity> askers = waiting.asMap().remove(device);
        if (askers == null) {
            return;
        }
        Directive sync = synchronize(device, player, null);
        for (DeviceIdentity asker : askers) {
            downchannels.push(asker, Reply.of(sync));
        }
    }

    /** {@code SynchronizePlaybackState} for one device, from the server's view of its player. */
    static Directive synchronize(DeviceIdentity device, Player player, String dialogRequestId) {
        return Directive.of(dialogRequestId, new AudioPlayer.SynchronizePlaybackState(device.deviceId(),
                player.lastReport(), state(player)));
    }

    /** The player as the reference's PlaybackState: no URL (it is signed for the device it was given to). */
    static AudioPlayer.PlaybackState state(Player player) {
        Optional<Player.Item> current = player.current();
        PlayerActivity activity = switch (player.activity()) {
            case PLAYING -> PlayerActivity.PLAYING;
            case PAUSED -> PlayerActivity.PAUSED;
            case STOPPED, FINISHED -> PlayerActivity.STOPPED;
            case IDLE -> PlayerActivity.IDLE;
        };
        if (current.isEmpty() || activity == PlayerActivity.IDLE) {
            return new AudioPlayer.PlaybackState(PlayerActivity.IDLE, player.repeatMode(), "", null, null, null);
        }
        Player.Item item = current.get();
        long total = item.track().durationMs();
        var stream = new AudioPlayer.AudioStreamInfo(item.token(), "clova:" + item.token(), false, null,
                total > 0 ? total : null, null);
        return new AudioPlayer.PlaybackState(activity, player.repeatMode(), item.token(), player.offsetMs(),
                total > 0 ? total : null, stream);
    }
}
