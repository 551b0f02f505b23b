package dev.opencic.server;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.TlsKeyPair;
import com.linecorp.armeria.common.metric.MoreMeters;
import com.linecorp.armeria.common.util.BlockingTaskExecutor;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerPort;
import dev.opencic.protocol.Namespaces;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.admission.Stage;
import dev.opencic.server.admin.AdminEndpoint;
import dev.opencic.server.admin.AdminOperations;
import dev.opencic.server.admin.HealthCheckService;
import dev.opencic.server.api.ContextObserver;
import dev.opencic.server.api.DirectivePusher;
import dev.opencic.server.api.SpeechArbiter;
import dev.opencic.server.skill.household.JdbcDeviceDirectory;
import dev.opencic.server.skill.household.WindowArbiter;
import dev.opencic.server.api.EventRouter;
import dev.opencic.server.auth.AuthModule;
import dev.opencic.server.cluster.ClusterDownchannels;
import dev.opencic.server.cluster.ClusterRevocations;
import dev.opencic.server.cluster.ClusterSettings;
import dev.opencic.server.cluster.NodeLogTag;
import dev.opencic.server.cluster.RedisCluster;
import dev.opencic.server.cluster.RedisSpeechArbiter;
import dev.opencic.server.cluster.RedisClusterServices;
import dev.opencic.server.cluster.RedisDialogSessions;
import dev.opencic.server.cluster.RedisLoginFailures;
import dev.opencic.server.cluster.RedisReplayClaims;
import dev.opencic.server.config.ServerConfig;
import dev.opencic.server.console.ConsoleModule;
import dev.opencic.server.dialog.DeviceZones;
import dev.opencic.server.dialog.DialogRouter;
import dev.opencic.server.dialog.DialogSessions;
import dev.opencic.server.dialog.IntentPipeline;
import dev.opencic.server.dialog.LocalDialogSessions;
import dev.opencic.server.dialog.SpeechRecognizerHandler;
import dev.opencic.server.dialog.TextRecognizerHandler;
import dev.opencic.server.extension.ExtensionAdmin;
import dev.opencic.server.extension.ExtensionModule;
import dev.opencic.server.events.EventReplay;
import dev.opencic.server.nlu.IntentMatcher;
import dev.opencic.server.nlu.PersonalWords;
import dev.opencic.server.scheduling.TaskScheduler;
import dev.opencic.server.skill.ClusterServices;
import dev.opencic.server.skill.SkillContext;
import dev.opencic.server.skill.SkillModule;
import dev.opencic.server.speech.SpeechOutput;
import dev.opencic.server.speech.SpeechSynthesisEngine;
import dev.opencic.server.speech.SpeechSynthesizerHandler;
import dev.opencic.server.speech.SpeechTokens;
import dev.opencic.server.speech.asr.SpeechRecognitionEngine;
import dev.opencic.server.store.Database;
import dev.opencic.server.store.JdbcTimeZoneRepository;
import dev.opencic.server.store.SharedSecrets;
import dev.opencic.server.transport.BearerTokenAuthService;
import dev.opencic.server.transport.CicAccessLog;
import dev.opencic.server.transport.CicErrorHandler;
import dev.opencic.server.transport.ConnectionPings;
import dev.opencic.server.transport.DownchannelRegistry;
import dev.opencic.server.transport.DownchannelService;
import dev.opencic.server.transport.EventLimits;
import dev.opencic.server.transport.EventService;
import dev.opencic.server.transport.LocalDownchannelRegistry;
import dev.opencic.server.transport.PingService;
import dev.opencic.server.transport.RequestMetrics;
import dev.opencic.server.transport.SelfSignedTls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CIC server: one cleartext port (HTTP/1.1, and h2c with prior knowledge) and one TLS port (h2
 * by ALPN) serving the CIC API ({@code /v1/directives}, {@code /v1/events}, {@code /ping}), the
 * Clova Auth API; and an admin port, loopback by default, with the admin commands and {@code /metrics}. Tests and {@code ./cic serve} assemble it the same way,
 * with {@link #builder()}.
 */
public final class CicServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CicServer.class);
    /** How long /healthz waits for the store before answering 503. */
    private static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(2);
    static final int MAX_METADATA_BYTES = 256 * 1024;
    /** Expired authorization codes and login sessions are useless: this task keeps their tables small. */
    static final String PURGE_EXPIRED_AUTH = "purge-expired-auth";
    /** A dead node's devices are routable elsewhere (and its presence gone) within this long. */
    static final Duration CLUSTER_PRESENCE_TTL = Duration.ofSeconds(6);

    private final ServerConfig config;
    private final Clock clock;
    private final PrometheusMeterRegistry meters;
    private final BlockingTaskExecutor blocking;
    private final SpeechTokens speechTokens;
    /** For the console's uptime. */
    private final java.time.Instant assembledAt;
    // Opened one after the other; close() closes whichever exist when the assembly fails half-way.
    private Database database;
    private EventReplay replay;
    private AuthModule auth;
    private SpeechSynthesisEngine tts;
    private SpeechRecognitionEngine asr;
    private DownchannelRegistry downchannels;
    /** Null on a single node (no redis-url). */
    private RedisCluster cluster;
    private TaskScheduler scheduler;
    private List<SkillModule> modules = List.of();
    private DeviceZones zones;
    private Server server;
    private Stage intentStage;
    private Stage synthesisStage;
    private AdminEndpoint admin;
    private ExtensionModule extensions;
    private ConsoleModule console;
    private AdminOperations operations;
    /** Completed once the router is assembled, for modules that hand a device's request back to it (delegation). */
    private final java.util.concurrent.CompletableFuture<EventRouter> assembledRouter = new java.util.concurrent.CompletableFuture<>();

    public static CicServerBuilder builder() {
        return new CicServerBuilder();
    }

    CicServer(CicServerBuilder b) throws IOException {
        config = b.config();
        clock = b.clock();
        assembledAt = clock.instant();
        // Read first: a mistake in the file stops the start, with what to mend, before anything opens.
        PersonalWords personalWords = SpeechEngines.personalWords(config);
        Files.createDirectories(config.dataDir());
        // Armeria's request meters default to client-side percentile windows, which every request
        // would pay for; count/sum/max is enough, Prometheus derives rates and averages from it.
        MoreMeters.setDistributionStatisticConfig(DistributionStatisticConfig.NONE);
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (config.redisUrl() != null) {
            // Every meter of a cluster node says which node it is; a single node's metrics stay untagged.
            meters.config().commonTags("node", config.nodeId());
            NodeLogTag.set(config.nodeId());
        }
        blocking = BlockingTaskExecutor.builder().numThreads(Math.max(8, Runtime.getRuntime().availableProcessors() * 4))
                .threadNamePrefix("cic-blocking").build();
        speechTokens = new SpeechTokens(clock);
        try {
            openFoundations(b);
            SpeechOutput speech = new SpeechOutput(tts, speechTokens, meters);
            SkillContext context = new SkillContext(config, database, downchannels, speech, blocking, scheduler,
                    meters, clock, cluster == null ? ClusterServices.SINGLE
                            : new RedisClusterServices(cluster, new SharedSecrets(database.jdbi(), clock),
                                    accountDevices(database)));
            modules = createModules(b, context);
            // Third-party extensions: a module too (its key route, its client closed with the others),
            // kept by name because the dialogue asks it first and admin commands reload it.
            extensions = new ExtensionModule(context);
            modules = java.util.stream.Stream.concat(modules.stream(), java.util.stream.Stream.of(extensions)).toList();
            IntentMatcher intents = IntentMatcher.forLanguage(config.language());
            asr = b.speechRecognition() != null ? b.speechRecognition()
                    : SpeechEngines.recognition(config, intents, modules, personalWords, meters);
            if (!asr.isAvailable()) {
                log.warn("event=EngineUnavailable engine=asr reason=\"{}\"", asr.unavailableReason());
            }
            // Extensions registered later (and those there now) join the recogniser's language model.
            extensions.onRecognizerSentences(asr::extendDomain);
            // Retried events (same messageId) get their stored answer, on any node; off with a zero window.
            replay = config.eventReplayWindow().isZero() ? null : new EventReplay(database.jdbi(), clock,
                    config.eventReplayWindow(), blocking, speech::audioOf, meters,
                    cluster == null ? null : new RedisReplayClaims(cluster));
            EventRouter events = router(b, intents, speech);
            assembledRouter.complete(events);
            // Before http(): the console's administration runs the same operations as ./cic admin.
            operations = adminOperations();
            server = http(events);
            admin = new AdminEndpoint(config.dataDir(), config.adminAddress(), config.adminPort(),
                    operations,
                    meters, blocking);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** An account's linked devices from the devices table (each device is there once it has sent an event). */
    private static Function<String, List<DeviceIdentity>> accountDevices(Database database) {
        JdbcDeviceDirectory directory = new JdbcDeviceDirectory(database.jdbi());
        return account -> directory.list(account).stream().filter(d -> d.clientId() != null)
                .map(d -> new DeviceIdentity(d.accountId(), d.clientId(), d.deviceId())).toList();
    }

    /** Admin commands run in this server; in cluster mode what nodes cache is announced to all. */
    private AdminOperations adminOperations() {
        AdminOperations.ZoneSetter zoneSetter = zones::set;
        ExtensionAdmin.Changes extensionChanges = extensions.changes();
        if (cluster != null) {
            ClusterSettings settings = new ClusterSettings(cluster, zones::forget, extensionChanges);
            zoneSetter = settings.announcing(zoneSetter);
            extensionChanges = settings.announcing(extensionChanges);
        }
        return new AdminOperations(database, auth, zoneSetter, clock, extensionChanges, downchannels::isOpen);
    }

    /** The database, auth, speech synthesis, downchannels and the task scheduler: what the features stand on. */
    private void openFoundations(CicServerBuilder b) {
        database = b.database() != null ? b.database() : Database.open(config);
        if (config.redisUrl() != null) {
            cluster = RedisCluster.connect(config.redisUrl(), config.nodeId(), blocking, meters);
        }
        AuthModule.Builder authBuilder = AuthModule.builder(database).accessTokenTtl(config.accessTokenTtl())
                .clock(clock).blockingExecutor(blocking);
        if (cluster != null) {
            // Failed logins counted cluster-wide: spreading guesses over the nodes gains nothing.
            authBuilder.sharedFailures(throttle -> new RedisLoginFailures(cluster, throttle));
        }
        auth = authBuilder.build();
        tts = b.speechSynthesis() != null ? b.speechSynthesis() : SpeechEngines.synthesis(config);
        if (!tts.isAvailable()) {
            log.warn("event=EngineUnavailable engine=tts reason=\"{}\"", tts.unavailableReason());
        }
        LocalDownchannelRegistry local = new LocalDownchannelRegistry(config.downchannelMaxOpens(),
                config.downchannelOpenWindow());
        downchannels = local;
        if (cluster != null) {
            // A routed confirmed push waits for the PING ACK on the holding node, given up to the ping interval.
            downchannels = new ClusterDownchannels(local, cluster, blocking, CLUSTER_PRESENCE_TTL,
                    config.pingInterval().plusSeconds(5), meters,
                    config.downchannelMaxOpens(), config.downchannelOpenWindow());
            ClusterRevocations.wire(cluster, auth.tokens());
            log.info("event=ClusterJoined node={}", config.nodeId());
        }
        auth.tokens().addRevocationListener(device ->
                downchannels.close(device, 401, "access token revoked; log in again"));
        Gauge.builder("cic.downchannels.active", downchannels, DownchannelRegistry::size)
                .description("Open downchannels on this node").register(meters);
        scheduler = new TaskScheduler(database.dataSource(), clock, config.nodeId(), config.schedulerHeartbeat(),
                config.schedulerMissedHeartbeats());
        scheduler.addRecurring(purgeExpiredAuth());
    }

    private RecurringTask<Void> purgeExpiredAuth() {
        // Counted per node: in a cluster the sum over the nodes is one run per period.
        Counter runs = Counter.builder("cic.auth.purges").description("Runs of the expired token purge on this node")
                .register(meters);
        return Tasks.recurring(PURGE_EXPIRED_AUTH, FixedDelay.ofMinutes(10)).execute((instance, ctx) -> {
            runs.increment();
            int purged = auth.purgeExpired();
            log.debug("event=ExpiredAuthPurged rows={}", purged);
        });
    }

    private List<SkillModule> createModules(CicServerBuilder b, SkillContext context) {
        List<SkillModule> all = new ArrayList<>(BuiltInModules.create(context, assembledRouter));
        b.modules().forEach(factory -> all.add(factory.apply(context)));
        return List.copyOf(all);
    }

    /** Each namespace to its one handler, and context objects to the modules following them. */
    private EventRouter router(CicServerBuilder b, IntentMatcher intents, SpeechOutput speech) {
        zones = new DeviceZones(new JdbcTimeZoneRepository(database.jdbi()), config.timeZone());
        IntentPipeline pipeline = new IntentPipeline(intents,
                modules.stream().flatMap(m -> m.skills().stream()).toList(), BuiltInModules.fallback(), speech,
                config.language(), zones, clock, dialogSessions());
        pipeline.claimFirst(extensions.extensions());
        pipeline.claimLast(extensions.samples());
        NamespaceClaims claims = new NamespaceClaims();
        claims.claim(new SpeechSynthesizerHandler(speech, speechTokens), "the server");
        claims.claim(new TextRecognizerHandler(pipeline), "the server");
        claims.claim(new SpeechRecognizerHandler(asr, pipeline, downchannels, config.language(),
                config.asrMaxWait(), config.maxUtterance(), arbiter()), "the server");
        Map<String, List<ContextObserver>> observers = new HashMap<>();
        for (SkillModule m : modules) {
            m.handlers().forEach(h -> claims.claim(h, m.getClass().getName()));
            m.contextObservers().forEach((name, o) -> observers.computeIfAbsent(name, n -> new ArrayList<>()).add(o));
        }
        b.handlers().forEach(h -> claims.claim(h, "handler()"));
        return new DialogRouter(claims.handlers(b.replacements()), observers);
    }

    /** Which device answers an utterance several of one account heard: across the nodes in cluster mode. */
    private SpeechArbiter arbiter() {
        if (config.arbitrationWindow().isZero()) {
            return SpeechArbiter.NONE;
        }
        return cluster != null
                ? new RedisSpeechArbiter(config.arbitrationWindow(), cluster, downchannels, blocking, meters)
                : new WindowArbiter(config.arbitrationWindow(), blocking, meters, downchannels);
    }

    /** Questions waiting for their answer: in Redis in cluster mode, so any node hears the answer. */
    private DialogSessions dialogSessions() {
        LocalDialogSessions here = new LocalDialogSessions(DialogSessions.WINDOW, clock);
        return cluster == null ? here : new RedisDialogSessions(cluster, here, DialogSessions.WINDOW,
                List.of(extensions.sessions()));
    }

    private Server http(EventRouter router) throws IOException {
        ServerBuilder sb = Server.builder();
        sb.port(new ServerPort(new InetSocketAddress(config.bindAddress(), config.port()), SessionProtocol.HTTP));
        if (config.tlsPort() >= 0) {
            sb.port(new ServerPort(new InetSocketAddress(config.bindAddress(), config.tlsPort()), SessionProtocol.HTTPS));
            sb.tls(config.tlsCert() != null
                    ? TlsKeyPair.of(config.tlsKey().toFile(), config.tlsCert().toFile())
                    : SelfSignedTls.loadOrCreate(config.dataDir()));
        }
        sb.meterRegistry(meters)
          .blockingTaskExecutor(blocking, true)
          .errorHandler(new CicErrorHandler())
          .http2MaxStreamsPerConnection(config.http2MaxStreams())
          .maxRequestLength(64 * 1024)
          // A device that vanishes without closing TCP: PINGed after this much silence, closed when
          // the PING goes unanswered. Idle connections without streams close after twice as long.
          .idleTimeout(config.pingInterval().multipliedBy(2))
          .pingInterval(config.pingInterval());
        // Reads of pushed reminders are confirmed by a PING on their connection (Downchannel.sendAndConfirm),
        // answered within the same time a silent peer is given.
        ConnectionPings pings = new ConnectionPings(config.pingInterval());
        sb.childChannelPipelineCustomizer(pings::register);

        EventLimits limits = eventLimits();
        sb.route().get("/v1/directives")
          .decorator(BearerTokenAuthService.newDecorator(auth.tokens()))
          .build(new DownchannelService(downchannels, auth.tokens(), pings, limits.synthesis().background()));
        sb.route().post("/v1/events")
          .maxRequestLength(config.maxEventBytes())
          .requestTimeout(config.eventTimeout())
          .decorator(BearerTokenAuthService.newDecorator(auth.tokens()))
          .build(new EventService(router, downchannels, meters, MAX_METADATA_BYTES, limits, replay));
        sb.route().get("/ping")
          .decorator(BearerTokenAuthService.newDecorator(auth.tokens()))
          .build(new PingService());
        auth.bind(sb);
        // The web console (issue 23) at /console/ on the same ports.
        console = new ConsoleModule(auth, database.jdbi(), downchannels, zones, clock, this::consoleStatus,
                operations);
        console.data(modules); // your alarms, reminders, memos, schedules, music: on the skills' own services
        console.bind(sb);
        modules.forEach(m -> m.bind(sb));
        // For a load balancer: unauthenticated, says only whether this node's store answers.
        sb.route().get("/healthz").build(new HealthCheckService(database, blocking, HEALTH_CHECK_TIMEOUT));

        sb.accessLogWriter(new CicAccessLog(new RequestMetrics(meters)), true);
        return sb.build();
    }

    /** The stages event work runs on, and what else bounds an event (docs/architecture.md). */
    private EventLimits eventLimits() {
        intentStage = new Stage("intent", config.intentThreads(), config.intentQueue(), config.stageMaxWait(), meters);
        synthesisStage = new Stage("synthesis", config.synthesisThreads(), config.synthesisQueue(),
                config.stageMaxWait(), meters);
        Set<String> speaking = Set.of(Namespaces.TEXT_RECOGNIZER + ".Recognize",
                Namespaces.SPEECH_RECOGNIZER + ".Recognize", Namespaces.SPEECH_SYNTHESIZER + ".Request");
        return new EventLimits(intentStage, synthesisStage, speaking, config.asrPerDevice(),
                config.asrMinAudioRatePercent() / 100.0, config.asrRateGrace());
    }

    /** The synthesis stage, in front of the speech synthesis engine (tests hold it full). */
    public Stage synthesisStage() {
        return synthesisStage;
    }

    /** The intent-and-skill stage. */
    public Stage intentStage() {
        return intentStage;
    }

    /** Starts the modules' background work and the scheduler, then listens; returns once both ports are open. */
    public CicServer start() {
        try {
            // Modules first: a device connecting at once must find their listeners (held reminders).
            modules.forEach(SkillModule::start);
            scheduler.start();
            server.start().join();
            admin.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("event=ServerStarted http={} https={} tts={} asr={}", httpPort(), httpsPort(),
                tts.isAvailable() ? tts.name() : "unavailable", asr.isAvailable() ? asr.name() : "unavailable");
        return this;
    }

    /** The admin endpoint's port (loopback by default): admin commands and {@code /metrics}. */
    public int adminPort() {
        return admin.port();
    }

    public int httpPort() {
        return server.activeLocalPort(SessionProtocol.HTTP);
    }

    /** The TLS port, or -1 when TLS is off. */
    public int httpsPort() {
        return config.tlsPort() < 0 ? -1 : server.activeLocalPort(SessionProtocol.HTTPS);
    }

    /** Each device's time zone: its own setting, its account's, or the configured default. */
    public DeviceZones zones() {
        return zones;
    }

    /** What the console's admin page shows of this server. */
    private Map<String, String> consoleStatus() {
        Map<String, String> status = new java.util.LinkedHashMap<>();
        String version = CicServer.class.getPackage().getImplementationVersion();
        status.put("version", version != null ? version : "development build");
        Duration up = Duration.between(assembledAt, clock.instant());
        status.put("uptime", up.toDays() + " d " + up.toHoursPart() + " h " + up.toMinutesPart() + " min");
        status.put("speech synthesis", tts.isAvailable() ? tts.name() + " (ready)" : "unavailable: " + tts.unavailableReason());
        status.put("speech recognition", asr.isAvailable() ? asr.name() + " (ready)" : "unavailable: " + asr.unavailableReason());
        status.put("devices online (this node)", Integer.toString(downchannels.size()));
        status.put("database", config.dbUrl() == null ? "H2 in " + config.dataDir() : "PostgreSQL");
        status.put("cluster", config.redisUrl() == null ? "single node" : "node " + config.nodeId());
        status.put("metrics", "/metrics on the admin port " + (admin != null ? admin.port() : "(starting)"));
        status.putAll(dev.opencic.server.console.MetricsSummary.of(meters));
        return status;
    }

    /** The web console (its first-run setup code, while no account exists). */
    public ConsoleModule console() {
        return console;
    }

    public ServerConfig config() {
        return config;
    }

    public AuthModule auth() {
        return auth;
    }

    /** The push API for cloud-initiated directives. */
    public DirectivePusher pusher() {
        return downchannels;
    }

    public DownchannelRegistry downchannels() {
        return downchannels;
    }

    /** The server's db-scheduler (reminders, maintenance). */
    public TaskScheduler scheduler() {
        return scheduler;
    }

    public SpeechSynthesisEngine tts() {
        return tts;
    }

    public SpeechRecognitionEngine asr() {
        return asr;
    }

    /** Speak tokens issued and the playback reports devices sent for them. */
    public SpeechTokens speechTokens() {
        return speechTokens;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    @Override
    public void close() {
        // The device ports and the admin port stop side by side: each Armeria server's stop waits about
        // 2 s for its acceptor threads to wind down, and one after the other doubled every restart.
        CompletableFuture<Void> deviceStop = server != null ? server.stop() : CompletableFuture.completedFuture(null);
        closeQuietly(admin);
        deviceStop.join();
        for (SkillModule m : modules) {
            try {
                m.close();
            } catch (RuntimeException e) {
                log.warn("event=ModuleCloseFailed module={} cause={}", m.getClass().getSimpleName(), e.toString());
            }
        }
        if (scheduler != null) {
            scheduler.close();
        }
        if (downchannels instanceof ClusterDownchannels clustered) {
            clustered.close();
        }
        closeQuietly(cluster);
        blocking.shutdown();
        for (Stage stage : new Stage[] {intentStage, synthesisStage}) {
            if (stage != null) {
                stage.close();
            }
        }
        for (AutoCloseable c : new AutoCloseable[] {tts, asr, database}) {
            closeQuietly(c);
        }
        meters.close();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.warn("event=CloseFailed what={} cause={}", c.getClass().getSimpleName(), e.toString());
        }
    }
}
