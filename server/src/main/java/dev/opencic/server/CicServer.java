package dev.opencic.server;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.TlsKeyPair;
import com.linecorp.armeria.common.metric.MoreMeters;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import com.linecorp.armeria.common.util.BlockingTaskExecutor;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerPort;
import dev.opencic.server.auth.AuthModule;
import dev.opencic.server.config.ServerConfig;
import dev.opencic.server.api.ContextObserver;
import dev.opencic.server.dialog.DialogRouter;
import dev.opencic.server.dialog.DeviceZones;
import dev.opencic.server.dialog.IntentPipeline;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.dialog.SpeechRecognizerHandler;
import dev.opencic.server.dialog.TextRecognizerHandler;
import dev.opencic.server.nlu.IntentMatcher;
import dev.opencic.server.nlu.PersonalWords;
import dev.opencic.server.nlu.SentenceGenerator;
import dev.opencic.server.nlu.SlotExamples;
import dev.opencic.server.speech.asr.DisabledRecognitionEngine;
import dev.opencic.server.speech.TemplateHypothesisSelector;
import dev.opencic.server.speech.asr.PocketSphinxEngine;
import dev.opencic.server.speech.asr.SpeechRecognitionEngine;
import dev.opencic.server.skill.SkillContext;
import dev.opencic.server.skill.SkillModule;
import dev.opencic.server.store.JdbcTimeZoneRepository;
import dev.opencic.server.speech.FliteLameEngine;
import dev.opencic.server.speech.SpeechOutput;
import dev.opencic.server.speech.SpeechSynthesisEngine;
import dev.opencic.server.speech.SpeechSynthesizerHandler;
import dev.opencic.server.speech.SpeechTokens;
import dev.opencic.server.store.Database;
import dev.opencic.server.transport.BearerTokenAuthService;
import dev.opencic.server.transport.CicAccessLog;
import dev.opencic.server.transport.CicErrorHandler;
import dev.opencic.server.api.DirectivePusher;
import dev.opencic.server.transport.DownchannelRegistry;
import dev.opencic.server.transport.DownchannelService;
import dev.opencic.server.transport.EventService;
import dev.opencic.server.transport.LocalDownchannelRegistry;
import dev.opencic.server.transport.PingService;
import dev.opencic.server.transport.RequestMetrics;
import dev.opencic.server.transport.SelfSignedTls;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CIC server: one cleartext port (HTTP/1.1, and h2c with prior knowledge) and one TLS port (h2
 * by ALPN) serving the CIC API ({@code /v1/directives}, {@code /v1/events}, {@code /ping}), the
 * Clova Auth API, and {@code /metrics}. Tests and {@code ./cic serve} start it the same way.
 */
public final class CicServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CicServer.class);
    static final int MAX_METADATA_BYTES = 256 * 1024;

    private final ServerConfig config;
    private final Server server;
    private final Database database;
    private final AuthModule auth;
    private final SpeechSynthesisEngine tts;
    private final SpeechRecognitionEngine asr;
    private final DownchannelRegistry downchannels;
    private final PrometheusMeterRegistry meters;
    private final BlockingTaskExecutor blocking;
    private final SpeechTokens speechTokens = new SpeechTokens();
    private List<SkillModule> modules = List.of();
    private final DeviceZones zones;

    private CicServer(ServerConfig config, List<NamespaceHandler> extraHandlers) throws IOException {
        this.config = config;
        // Read first: a mistake in the file stops the start, with what to mend, before anything opens.
        PersonalWords personalWords = personalWords(config);
        Files.createDirectories(config.dataDir());
        // Armeria's request meters default to client-side percentile windows, which every request
        // would pay for; count/sum/max is enough, Prometheus derives rates and averages from it.
        MoreMeters.setDistributionStatisticConfig(DistributionStatisticConfig.NONE);
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        blocking = BlockingTaskExecutor.builder().numThreads(Math.max(8, Runtime.getRuntime().availableProcessors() * 4))
                .threadNamePrefix("cic-blocking").build();
        database = Database.open(config.dataDir());
        auth = AuthModule.builder(database).accessTokenTtl(config.accessTokenTtl()).blockingExecutor(blocking).build();
        tts = FliteLameEngine.create(config.ttsVoice(), config.ttsBitrateKbps());
        if (!tts.isAvailable()) {
            log.warn("event=EngineUnavailable engine=tts reason=\"{}\"", tts.unavailableReason());
        }
        downchannels = new LocalDownchannelRegistry(config.downchannelMaxOpens(), config.downchannelOpenWindow());
        auth.tokens().addRevocationListener(device ->
                downchannels.close(device, 401, "access token revoked; log in again"));
        // Expired authorization codes and login sessions are useless; keep the tables small.
        blocking.scheduleWithFixedDelay(() -> {
            try {
                auth.purgeExpired();
            } catch (RuntimeException e) {
                log.warn("event=PurgeFailed cause={}", e.toString());
            }
        }, 10, 10, java.util.concurrent.TimeUnit.MINUTES);
        Gauge.builder("cic.downchannels.active", downchannels, DownchannelRegistry::size)
                .description("Open downchannels on this node").register(meters);

        SpeechOutput speech = new SpeechOutput(tts, speechTokens, meters);
        IntentMatcher intents = IntentMatcher.forLanguage(config.language());
        modules = BuiltInModules.create(new SkillContext(config, database, downchannels, speech, blocking,
                meters, Clock.systemUTC()));
        zones = new DeviceZones(new JdbcTimeZoneRepository(database.dataSource()), config.timeZone());
        IntentPipeline pipeline = new IntentPipeline(intents,
                modules.stream().flatMap(m -> m.skills().stream()).toList(), BuiltInModules.fallback(), speech,
                config.language(), zones, Clock.systemUTC());
        asr = config.asrPoolSize() == 0
                ? new DisabledRecognitionEngine("speech recognition is turned off (asr-pool-size=0)")
                : PocketSphinxEngine.builder()
                        .poolSize(config.asrPoolSize())
                        // The recogniser's language model comes from the same templates the text path matches.
                        .domainSentences(SentenceGenerator.recognizerCorpus(intents,
                                slotExamples(config.language(), modules), personalWords, config.language()))
                        .pronunciations(personalWords.pronunciations())
                        .dataDir(config.dataDir().resolve("asr"))
                        .vocabularySize(config.asrVocabularySize())
                        .channelMemory(config.asrChannelMemory())
                        // and the final text is the N-best path those templates understand best
                        .hypothesisSelector(new TemplateHypothesisSelector(intents))
                        .meterRegistry(meters)
                        .build();
        if (!asr.isAvailable()) {
            log.warn("event=EngineUnavailable engine=asr reason=\"{}\"", asr.unavailableReason());
        }
        Map<String, NamespaceHandler> handlers = new LinkedHashMap<>();
        for (NamespaceHandler h : List.of(
                new SpeechSynthesizerHandler(speech, speechTokens),
                new TextRecognizerHandler(pipeline),
                new SpeechRecognizerHandler(asr, pipeline, downchannels, config.language(),
                        config.asrMaxWait(), config.maxUtterance()))) {
            handlers.put(h.namespace(), h);
        }
        Map<String, List<ContextObserver>> observers = new HashMap<>();
        for (SkillModule m : modules) {
            m.handlers().forEach(h -> {
                if (handlers.put(h.namespace(), h) != null) {
                    throw new IllegalStateException("two handlers for namespace " + h.namespace());
                }
            });
            m.contextObservers().forEach((name, o) -> observers.computeIfAbsent(name, n -> new ArrayList<>()).add(o));
        }
        extraHandlers.forEach(h -> handlers.put(h.namespace(), h));
        DialogRouter router = new DialogRouter(List.copyOf(handlers.values()), observers);

        ServerBuilder sb = Server.builder();
        InetSocketAddress plain = new InetSocketAddress(config.bindAddress(), config.port());
        sb.port(new ServerPort(plain, SessionProtocol.HTTP));
        if (config.tlsPort() >= 0) {
            TlsKeyPair keyPair = config.tlsCert() != null
                    ? TlsKeyPair.of(config.tlsKey().toFile(), config.tlsCert().toFile())
                    : SelfSignedTls.loadOrCreate(config.dataDir());
            sb.port(new ServerPort(new InetSocketAddress(config.bindAddress(), config.tlsPort()), SessionProtocol.HTTPS));
            sb.tls(keyPair);
        }
        sb.meterRegistry(meters)
          .blockingTaskExecutor(blocking, true)
          .errorHandler(new CicErrorHandler())
          .maxRequestLength(64 * 1024);

        sb.route().get("/v1/directives")
          .decorator(BearerTokenAuthService.newDecorator(auth.tokens()))
          .build(new DownchannelService(downchannels));
        sb.route().post("/v1/events")
          .maxRequestLength(config.maxEventBytes())
          .requestTimeout(config.eventTimeout())
          .decorator(BearerTokenAuthService.newDecorator(auth.tokens()))
          .build(new EventService(router, downchannels, meters, MAX_METADATA_BYTES));
        sb.route().get("/ping").build(new PingService());
        sb.route().get("/metrics").build((ctx, req) ->
                HttpResponse.of(MediaType.parse("text/plain; version=0.0.4; charset=utf-8"), meters.scrape()));
        auth.bind(sb);
        modules.forEach(m -> m.bind(sb));

        sb.accessLogWriter(new CicAccessLog(new RequestMetrics(meters)), true);
        server = sb.build();
    }

    /** The household's names ({@code asr-words}), checked and summarised in the log; none without the setting. */
    private static PersonalWords personalWords(ServerConfig config) throws IOException {
        Path file = config.asrWords();
        if (file == null) {
            return PersonalWords.none();
        }
        PersonalWords words = PersonalWords.read(file);
        try {
            words.pronunciations().forEach(PocketSphinxEngine::checkPronunciation);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("asr-words " + file + ": " + e.getMessage(), e);
        }
        long people = words.entries().stream().filter(e -> e.kind() == PersonalWords.Kind.PERSON).count();
        log.info("event=PersonalWords file={} people={} places={} pronunciations={}", file, people,
                words.entries().size() - people, words.entries().stream().filter(e -> e.pronunciation() != null).count());
        if (words.isEmpty()) {
            log.warn("event=PersonalWordsEmpty file={} reason=\"no person or place lines\"", file);
        }
        return words;
    }

    /**
     * The language's slot examples plus what the modules know from their own data (library names).
     * A module that cannot say does not stop the server: its names are only missing from the model.
     */
    static Map<String, List<String>> slotExamples(String language, List<SkillModule> modules) {
        Map<String, List<String>> all = new HashMap<>();
        SlotExamples.forLanguage(language).forEach((slot, values) -> all.put(slot, new ArrayList<>(values)));
        for (SkillModule m : modules) {
            try {
                m.slotExamples().forEach((slot, values) -> all.computeIfAbsent(slot, k -> new ArrayList<>()).addAll(values));
            } catch (RuntimeException e) {
                log.warn("event=SlotExamplesFailed module={} cause={}", m.getClass().getSimpleName(), e.toString());
            }
        }
        return all;
    }

    /** Builds and starts the server; returns once both ports are listening. */
    public static CicServer start(ServerConfig config) throws IOException {
        return start(config, List.of());
    }

    /**
     * Starts the server with additional namespace handlers, which replace the built-in handler of
     * the same namespace. Lets embedders (and transport tests) plug in their own capabilities.
     */
    public static CicServer start(ServerConfig config, List<NamespaceHandler> extraHandlers) throws IOException {
        CicServer s = new CicServer(config, extraHandlers);
        try {
            // Modules first: a device connecting at once must find their listeners (held reminders).
            s.modules.forEach(SkillModule::start);
            s.server.start().join();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        log.info("event=ServerStarted http={} https={} tts={} asr={}", s.httpPort(), s.httpsPort(),
                s.tts.isAvailable() ? s.tts.name() : "unavailable", s.asr.isAvailable() ? s.asr.name() : "unavailable");
        return s;
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
        server.stop().join();
        for (SkillModule m : modules) {
            try {
                m.close();
            } catch (RuntimeException e) {
                log.warn("event=ModuleCloseFailed module={} cause={}", m.getClass().getSimpleName(), e.toString());
            }
        }
        blocking.shutdown();
        tts.close();
        asr.close();
        database.close();
        meters.close();
    }
}
