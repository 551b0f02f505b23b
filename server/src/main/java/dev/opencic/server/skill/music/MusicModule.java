package dev.opencic.server.skill.music;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import dev.opencic.protocol.Namespaces;
import dev.opencic.server.api.ContextObserver;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillContext;
import dev.opencic.server.skill.SkillModule;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Music: the library of the configured folders (scanned at start, then every
 * {@code music-rescan-seconds}), the stream route for signed URLs, the music skill, and the
 * {@code AudioPlayer} events and context that keep each device's player up to date.
 */
public final class MusicModule implements SkillModule {

    private static final Logger log = LoggerFactory.getLogger(MusicModule.class);

    static final int MAX_EXAMPLES = 300;

    private final SkillContext context;
    private final MusicLibrary library;
    private final StreamUrls urls;
    private final Players players;
    private final MusicSkill skill;
    private final AudioPlayerHandler handler;
    private final PlaybackControllerHandler buttons;
    private final TemplateRuntimeHandler templates;
    private volatile ScheduledFuture<?> rescans;

    public MusicModule(SkillContext context) {
        this.context = context;
        var config = context.config();
        // In a cluster each device's player is shared, so any node goes on with its queue.
        this.players = new Players(context.cluster().sharedValues().orElse(null));
        this.library = new MusicLibrary(config.musicDirs(),
                new JdbcTrackRepository(context.database().jdbi(), context.clock()));
        // In a cluster every node signs with the same key, so any node streams what another signed.
        this.urls = context.cluster().sharedSecret(StreamUrls.KEY_FILE)
                .map(secret -> new StreamUrls(secret, context.clock()))
                .orElseGet(() -> StreamUrls.loadOrCreate(config.dataDir(), context.clock()));
        MusicDirectives directives = new MusicDirectives(urls, config.musicBaseUrl(), config.port(),
                config.musicUrlTtl(), context.clock());
        LikeStore likes = new JdbcLikeStore(context.database().jdbi(), context.clock());
        PlayerInfo info = new PlayerInfo(likes);
        this.skill = new MusicSkill(library, players, directives, likes, info);
        PlaybackSync sync = new PlaybackSync(players, context.downchannels());
        context.resyncs().add(request -> sync.resync(request.device(), request.dialogRequestId()));
        this.handler = new AudioPlayerHandler(players, directives, sync);
        this.buttons = new PlaybackControllerHandler(skill, players, directives, sync.downchannels());
        this.templates = new TemplateRuntimeHandler(players, info, likes);
        // The first scan runs before the server starts, so the recogniser learns the library's
        // names (see slotExamples). It only reads the tags of new and changed files: quick on a
        // restart, as long as reading every file's tags on the very first start.
        try {
            scanOrLoad();
        } catch (RuntimeException e) {
            log.warn("event=MusicScanFailed cause=\"{}\"", e.toString());
            library.loadIndex();
        }
        Gauge.builder("cic.music.tracks", library, MusicLibrary::size).description("Tracks in the music library")
                .register(context.meters());
    }

    public MusicLibrary library() {
        return library;
    }

    /**
     * Plays {@code tracks} on the device from outside a dialogue (the web console's "play on"): the
     * queue and {@code AudioPlayer.Play} directives the skill answers "play X" with, pushed on the
     * device's downchannel. False when the list is empty or the device's downchannel is not open.
     */
    public java.util.concurrent.CompletableFuture<Boolean> playOn(dev.opencic.server.api.DeviceIdentity device,
                                                                 List<Track> tracks) {
        if (tracks.isEmpty() || !context.downchannels().isOpen(device)) {
            return java.util.concurrent.CompletableFuture.completedFuture(false);
        }
        List<dev.opencic.protocol.Directive> plays = skill.startQueue(players.of(device), tracks, device.deviceId(), null);
        dev.opencic.server.api.Reply.Builder reply = dev.opencic.server.api.Reply.builder();
        plays.forEach(reply::directive);
        log.info("event=MusicPlayOn device={} tracks={} from=console", device.deviceId(), plays.size());
        return context.downchannels().push(device, reply.build());
    }

    @Override
    public List<Skill> skills() {
        return List.of(skill);
    }

    @Override
    public List<NamespaceHandler> handlers() {
        return List.of(handler, buttons, templates);
    }

    @Override
    public Map<String, ContextObserver> contextObservers() {
        return Map.of(Namespaces.AUDIO_PLAYER + "." + AudioPlayerHandler.PLAYBACK_STATE, handler);
    }

    /** Artist, album, song and genre names of the library (a few hundred of each at most). */
    @Override
    public Map<String, List<String>> slotExamples() {
        Map<String, List<String>> out = new java.util.HashMap<>();
        List<Track> tracks = library.tracks();
        out.put("artist", distinct(tracks.stream().map(Track::artist)));
        out.put("album", distinct(tracks.stream().map(Track::album)));
        out.put("song", distinct(tracks.stream().map(Track::title)));
        out.put("genre", distinct(tracks.stream().map(Track::genre).filter(g -> g != null && !g.contains(" "))));
        List<String> any = new java.util.ArrayList<>(out.get("artist"));
        any.addAll(out.get("album"));
        any.addAll(out.get("song"));
        out.put("query", any);
        return out;
    }

    private static List<String> distinct(java.util.stream.Stream<String> names) {
        return names.filter(n -> n != null && !n.isBlank()).map(MusicSearch::normalize).filter(n -> !n.isEmpty())
                .distinct().limit(MAX_EXAMPLES).toList();
    }

    @Override
    public void bind(ServerBuilder sb) {
        sb.route().methods(HttpMethod.GET, HttpMethod.HEAD)
          .path(StreamUrls.PATH_PREFIX + "{id}" + StreamUrls.PATH_SUFFIX)
          .build(new StreamService(library, urls, context.meters()));
    }

    /**
     * Scans the folders, or in a cluster, where one node scans for all (it holds the lease, renewed
     * at each rescan), reads the library that node wrote into the shared database.
     */
    private void scanOrLoad() {
        Duration lease = Duration.ofMillis(Math.max(60_000, 3 * context.config().musicRescanInterval().toMillis()));
        if (context.cluster().holdsLease("music-scan", lease)) {
            library.scan();
            context.meters().counter("cic.music.scans").increment();
        } else {
            library.loadIndex();
            log.debug("event=MusicIndexLoaded tracks={}", library.size());
        }
    }

    @Override
    public void start() {
        long every = context.config().musicRescanInterval().toMillis();
        Runnable scan = () -> {
            try {
                scanOrLoad();
            } catch (RuntimeException e) {
                log.warn("event=MusicScanFailed cause=\"{}\"", e.toString());
            }
        };
        rescans = every > 0
                ? context.blocking().scheduleWithFixedDelay(scan, every, every, TimeUnit.MILLISECONDS)
                : null;
    }

    @Override
    public void close() {
        ScheduledFuture<?> r = rescans;
        if (r != null) {
            r.cancel(false);
        }
    }
}
