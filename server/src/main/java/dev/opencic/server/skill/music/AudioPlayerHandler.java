package dev.opencic.server.skill.music;

import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.AudioPlayer;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.ContextObserver;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.EventPayloads;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The device's playback reports: {@code PlayStarted}, {@code PlayPaused}, {@code PlayResumed},
 * {@code PlayStopped}, {@code PlayFinished} and the three {@code ProgressReport*} events, each with
 * the {@code AudioPlayer.PlaybackState} context naming the stream's token, move the device's
 * {@link Player}; {@code StreamRequested} gets the {@code StreamDeliver} with a fresh URL. A token
 * the server never gave this device is a bad request. Also the observer of the
 * {@code PlaybackState} context that every event carries.
 */
final class AudioPlayerHandler implements NamespaceHandler, ContextObserver {

    static final String PLAYBACK_STATE = "PlaybackState";

    private static final Map<String, Player.Activity> REPORTS = Map.of(
            "PlayStarted", Player.Activity.PLAYING,
            "PlayResumed", Player.Activity.PLAYING,
            "PlayPaused", Player.Activity.PAUSED,
            "PlayStopped", Player.Activity.STOPPED,
            "PlayFinished", Player.Activity.FINISHED);
    private static final Set<String> PROGRESS = Set.of(
            "ProgressReportDelayPassed", "ProgressReportIntervalPassed", "ProgressReportPositionPassed");

    /** A PlaybackState that does not fit its record: as good as none, it names no stream. */
    private static final AudioPlayer.PlaybackState UNREADABLE =
            new AudioPlayer.PlaybackState(null, null, null, null, null, null);

    private final Players players;
    private final MusicDirectives directives;

    AudioPlayerHandler(Players players, MusicDirectives directives) {
        this.players = players;
        this.directives = directives;
    }

    @Override
    public String namespace() {
        return Namespaces.AUDIO_PLAYER;
    }

    @Override
    public Set<String> eventNames() {
        Set<String> names = new java.util.HashSet<>(REPORTS.keySet());
        names.addAll(PROGRESS);
        names.add("StreamRequested");
        return Set.copyOf(names);
    }

    @Override
    public CompletableFuture<Reply> handle(EventRequest request) {
        String name = request.event().name();
        Player player = players.of(request.device());
        if (name.equals("StreamRequested")) {
            Player.Item item = streamRequested(request, player);
            // Built on the request's context-aware executor: the URL's base comes from the request.
            return CompletableFuture.supplyAsync(() -> Reply.of(directives.streamDeliver(item,
                    request.device().deviceId(), request.dialogRequestId())), request.blockingExecutor());
        }
        String qualified = request.event().header().qualifiedName();
        if (request.event().context(Namespaces.AUDIO_PLAYER, PLAYBACK_STATE).isEmpty()) {
            throw CicException.badRequest(qualified + " needs the AudioPlayer.PlaybackState context");
        }
        AudioPlayer.PlaybackState state = EventPayloads.context(request.event(), Namespaces.AUDIO_PLAYER,
                PLAYBACK_STATE, AudioPlayer.PlaybackState.class).orElse(UNREADABLE);
        String token = token(state.stream());
        if (token == null) {
            throw CicException.badRequest(qualified + ": AudioPlayer.PlaybackState has no stream.token");
        }
        if (!player.isKnown(token)) {
            throw CicException.badRequest(qualified + ": unknown stream token " + shorten(token));
        }
        player.report(token, REPORTS.get(name), state.offsetInMilliseconds());
        return CompletableFuture.completedFuture(Reply.empty());
    }

    private static Player.Item streamRequested(EventRequest request, Player player) {
        // The reference's table names the object audioStream; its examples' "stream" is taken too.
        String token = token(EventPayloads.read(request.event(), AudioPlayer.StreamRequested.class).requestedStream());
        if (token == null) {
            throw CicException.badRequest(request.event().header().qualifiedName() + " needs payload.audioStream.token");
        }
        Optional<Player.Item> item = player.item(token);
        if (item.isEmpty()) {
            throw CicException.badRequest(request.event().header().qualifiedName() + ": "
                    + (player.isKnown(token) ? "stream token no longer queued " : "unknown stream token ")
                    + shorten(token));
        }
        return item.get();
    }

    /** Every event's PlaybackState: activity and offset of the device's current stream. */
    @Override
    public void observe(DeviceIdentity device, ContextObject context) {
        AudioPlayer.PlaybackState state = EventPayloads.context(context, AudioPlayer.PlaybackState.class)
                .orElse(UNREADABLE);
        String token = token(state.stream());
        if (token == null) {
            return;
        }
        Player.Activity activity = state.playerActivity() == null ? null : switch (state.playerActivity()) {
            case PLAYING -> Player.Activity.PLAYING;
            case PAUSED -> Player.Activity.PAUSED;
            case STOPPED -> Player.Activity.STOPPED;
            case IDLE -> Player.Activity.IDLE;
        };
        players.of(device).report(token, activity, state.offsetInMilliseconds());
    }

    /** The stream's token, or null when there is none or it is blank. */
    private static String token(AudioPlayer.AudioStreamInfo stream) {
        return stream == null || stream.token() == null || stream.token().isBlank() ? null : stream.token();
    }

    private static String shorten(String token) {
        return token.length() > 64 ? token.substring(0, 64) + "..." : token;
    }
}
