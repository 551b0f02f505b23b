package dev.opencic.server.skill.music;

import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Directive;
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
    private final PlaybackSync sync;

    AudioPlayerHandler(Players players, MusicDirectives directives, PlaybackSync sync) {
        this.players = players;
        this.directives = directives;
        this.sync = sync;
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
        names.add("ReportPlaybackState");
        names.add("RequestPlaybackState");
        return Set.copyOf(names);
    }

    @Override
    public CompletableFuture<Reply> handle(EventRequest request) {
        CompletableFuture<Player> ready = players.ready(request.device());
        if (ready.isDone()) {
            return handle(request, ready.join());
        }
        // Read from the cluster's shared store: go on on the blocking executor, not the store's thread.
        return ready.thenComposeAsync(player -> handle(request, player), request.blockingExecutor());
    }

    private CompletableFuture<Reply> handle(EventRequest request, Player player) {
        CompletableFuture<Reply> reply = handleWith(request, player);
        return reply.thenCompose(r -> players.flushed(request.device(), r, request.blockingExecutor()));
    }

    private CompletableFuture<Reply> handleWith(EventRequest request, Player player) {
        String name = request.event().name();
        if (name.equals("StreamRequested")) {
            Player.Item item = streamRequested(request, player);
            // Built on the request's context-aware executor: the URL's base comes from the request.
            return CompletableFuture.supplyAsync(() -> Reply.of(directives.streamDeliver(item,
                    request.device().deviceId(), request.dialogRequestId())), request.blockingExecutor());
        }
        if (name.equals("ReportPlaybackState")) {
            reportPlaybackState(request, player);
            return CompletableFuture.completedFuture(Reply.empty());
        }
        if (name.equals("RequestPlaybackState")) {
            // Blocking in a cluster: the account's players may be known only to the shared store.
            return CompletableFuture.supplyAsync(() -> requestPlaybackState(request), request.blockingExecutor());
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
        if (REPORTS.containsKey(name)) {
            player.reported(token, name);
        }
        return CompletableFuture.completedFuture(Reply.empty());
    }

    /**
     * {@code ReportPlaybackState} (asked for by {@code ExpectReportPlaybackState}, or sent unasked):
     * the payload is the device's PlaybackState. A stream of the server's queue moves the player;
     * another stream is the device's own player; an idle device that the server thought playing
     * has lost its queue (a restart), so the player counts as stopped and "resume" gives the queue
     * again from where it was. Devices waiting for this report ({@code RequestPlaybackState}) get it.
     */
    private void reportPlaybackState(EventRequest request, Player player) {
        String qualified = request.event().header().qualifiedName();
        AudioPlayer.PlaybackState state = EventPayloads.read(request.event(), AudioPlayer.PlaybackState.class);
        if (state.playerActivity() == null) {
            throw CicException.badRequest(qualified + " needs payload.playerActivity (IDLE, PLAYING, PAUSED or STOPPED)");
        }
        if (state.repeatMode() != null && !REPEAT_MODES.contains(state.repeatMode())) {
            throw CicException.badRequest(qualified + ": repeatMode must be NONE or REPEAT_ONE, not "
                    + shorten(state.repeatMode()));
        }
        apply(player, state, true);
        sync.reported(request.device(), player);
    }

    private static final Set<String> REPEAT_MODES = Set.of("NONE", "REPEAT_ONE");

    /**
     * A PlaybackState (a report's payload or an event's context) applied to the server's view. Only
     * a report counts an idle device as having lost its queue: the context of an event sent right
     * after a Play can still say idle.
     */
    private static void apply(Player player, AudioPlayer.PlaybackState state, boolean report) {
        if (state.repeatMode() != null) {
            player.reportsRepeatMode(true);
            if (REPEAT_MODES.contains(state.repeatMode())) {
                player.repeat(state.repeatMode().equals("REPEAT_ONE"));
            }
        }
        Player.Activity activity = activity(state.playerActivity());
        String token = token(state.stream());
        if (token == null && state.token() != null && !state.token().isBlank()) {
            token = state.token();
        }
        if (token == null) {
            if (activity == Player.Activity.IDLE) {
                player.ownPlayer(Player.Activity.IDLE);
                if (report && player.activity() == Player.Activity.PLAYING || player.activity() == Player.Activity.PAUSED) {
                    player.expect(Player.Activity.STOPPED);
                }
            }
            return;
        }
        if (player.isKnown(token)) {
            player.report(token, activity, state.offsetInMilliseconds());
        } else if (activity != null) {
            player.ownPlayer(activity);
        }
    }

    private static Player.Activity activity(dev.opencic.protocol.payload.PlayerActivity a) {
        return a == null ? null : switch (a) {
            case PLAYING -> Player.Activity.PLAYING;
            case PAUSED -> Player.Activity.PAUSED;
            case STOPPED -> Player.Activity.STOPPED;
            case IDLE -> Player.Activity.IDLE;
        };
    }

    /**
     * {@code RequestPlaybackState} (internal-only in the reference: an app asks about the account's
     * devices): {@code SynchronizePlaybackState} per device now, fresh ones when they report.
     */
    private Reply requestPlaybackState(EventRequest request) {
        String qualified = request.event().header().qualifiedName();
        AudioPlayer.RequestPlaybackState p = EventPayloads.read(request.event(), AudioPlayer.RequestPlaybackState.class);
        Optional<DeviceIdentity> target = Optional.empty();
        if (p.deviceId() != null) {
            target = p.deviceId().equals(request.device().deviceId()) ? Optional.of(request.device())
                    : players.device(request.device().accountId(), p.deviceId());
            if (target.isEmpty()) {
                throw CicException.badRequest(qualified + ": no device " + shorten(p.deviceId())
                        + " of this account has played anything");
            }
        }
        return Reply.of(sync.request(request.device(), target, request.dialogRequestId()).toArray(Directive[]::new));
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

    /** Every event's PlaybackState: activity and offset of the device's current stream, its repeat mode. */
    @Override
    public void observe(DeviceIdentity device, ContextObject context) {
        AudioPlayer.PlaybackState state = EventPayloads.context(context, AudioPlayer.PlaybackState.class)
                .orElse(UNREADABLE);
        // Nothing here waits: in a cluster, a player this node lacks is read first, then changed and written.
        players.ready(device).thenAccept(player -> {
            apply(player, state, false);
            players.flush(device);
        });
    }

    /** The stream's token, or null when there is none or it is blank. */
    private static String token(AudioPlayer.AudioStreamInfo stream) {
        return stream == null || stream.token() == null || stream.token().isBlank() ? null : stream.token();
    }

    private static String shorten(String token) {
        return token.length() > 64 ? token.substring(0, 64) + "..." : token;
    }
}
