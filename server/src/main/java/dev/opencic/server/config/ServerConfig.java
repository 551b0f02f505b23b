package dev.opencic.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the server can be told, with working defaults: {@code ./cic serve} needs no
 * configuration at all. Built from the config file, then {@code CIC_*} environment variables, then
 * command-line flags ({@link ConfigLoader}); tests build it directly.
 */
public final class ServerConfig {

    private final Path dataDir;
    private final String bindAddress;
    private final int port;
    private final int tlsPort;
    private final Path tlsCert;
    private final Path tlsKey;
    private final long maxEventBytes;
    private final Duration eventTimeout;
    private final Duration accessTokenTtl;
    private final int downchannelMaxOpens;
    private final Duration downchannelOpenWindow;
    private final String ttsVoice;
    private final int ttsBitrateKbps;
    private final int ttsParallelism;
    private final ZoneId timeZone;
    private final String language;
    private final int asrPoolSize;
    private final Duration asrMaxWait;
    private final int asrVocabularySize;
    private final int asrChannelMemory;
    private final int asrAdaptation;
    private final Path asrWords;
    private final String asrEngine;
    private final Duration maxUtterance;
    private final String weatherForecastUrl;
    private final String weatherGeocodingUrl;
    private final String weatherAirQualityUrl;
    private final Duration weatherTimeout;
    private final List<Path> musicDirs;
    private final Duration musicRescanInterval;
    private final Duration musicUrlTtl;
    private final Duration reminderHoldTtl;
    private final Duration arbitrationWindow;
    private final Duration eventReplayWindow;
    private final Duration extensionTimeout;
    private final String musicBaseUrl;
    // Load: stages, admission, connections (see docs/architecture.md, "Stages, admission and deadlines").
    private final int intentThreads;
    private final int intentQueue;
    private final int synthesisThreads;
    private final int synthesisQueue;
    private final Duration stageMaxWait;
    private final int asrPerDevice;
    private final int asrMinAudioRatePercent;
    private final Duration asrRateGrace;
    private final int http2MaxStreams;
    private final String adminAddress;
    private final int adminPort;
    private final Duration pingInterval;
    // Store: H2 in the data directory unless db-url names a PostgreSQL database (cluster mode).
    private final String dbUrl;
    private final String dbUser;
    private final String dbPassword;
    private final int dbPoolSize;
    // Cluster mode: presence, routing and revocations through Redis when redis-url is set.
    private final String redisUrl;
    private final String nodeId;
    // db-scheduler's liveness: a node's picked executions are dead after missed heartbeats (cluster-ops).
    private final Duration schedulerHeartbeat;
    private final int schedulerMissedHeartbeats;

    private ServerConfig(Builder b) {
        dataDir = b.dataDir;
        bindAddress = b.bindAddress;
        port = b.port;
        tlsPort = b.tlsPort;
        tlsCert = b.tlsCert;
        tlsKey = b.tlsKey;
        maxEventBytes = b.maxEventBytes;
        eventTimeout = b.eventTimeout;
        accessTokenTtl = b.accessTokenTtl;
        downchannelMaxOpens = b.downchannelMaxOpens;
        downchannelOpenWindow = b.downchannelOpenWindow;
        ttsVoice = b.ttsVoice;
        ttsBitrateKbps = b.ttsBitrateKbps;
        ttsParallelism = b.ttsParallelism;
        timeZone = b.timeZone;
        language = b.language;
        asrPoolSize = b.asrPoolSize;
        asrMaxWait = b.asrMaxWait;
        asrVocabularySize = b.asrVocabularySize;
        asrChannelMemory = b.asrChannelMemory;
        asrAdaptation = b.asrAdaptation;
        asrWords = b.asrWords;
        asrEngine = b.asrEngine;
        maxUtterance = b.maxUtterance;
        weatherForecastUrl = b.weatherForecastUrl;
        weatherGeocodingUrl = b.weatherGeocodingUrl;
        weatherAirQualityUrl = b.weatherAirQualityUrl;
        weatherTimeout = b.weatherTimeout;
        musicDirs = List.copyOf(b.musicDirs);
        musicRescanInterval = b.musicRescanInterval;
        musicUrlTtl = b.musicUrlTtl;
        reminderHoldTtl = b.reminderHoldTtl;
        arbitrationWindow = b.arbitrationWindow;
        eventReplayWindow = b.eventReplayWindow;
        extensionTimeout = b.extensionTimeout;
        musicBaseUrl = b.musicBaseUrl;
        intentThreads = b.intentThreads;
        intentQueue = b.intentQueue;
        synthesisThreads = b.synthesisThreads;
        synthesisQueue = b.synthesisQueue;
        stageMaxWait = b.stageMaxWait;
        asrPerDevice = b.asrPerDevice;
        asrMinAudioRatePercent = b.asrMinAudioRatePercent;
        asrRateGrace = b.asrRateGrace;
        http2MaxStreams = b.http2MaxStreams;
        adminAddress = b.adminAddress;
        adminPort = b.adminPort;
        pingInterval = b.pingInterval;
        dbUrl = b.dbUrl;
        dbUser = b.dbUser;
        dbPassword = b.dbPassword;
        dbPoolSize = b.dbPoolSize;
        redisUrl = b.redisUrl;
        nodeId = b.nodeId;
        schedulerHeartbeat = b.schedulerHeartbeat != null ? b.schedulerHeartbeat
                : dbUrl != null ? CLUSTER_SCHEDULER_HEARTBEAT : SINGLE_NODE_SCHEDULER_HEARTBEAT;
        schedulerMissedHeartbeats = b.schedulerMissedHeartbeats;
    }

    /** Shared database: another node takes over a dead node's executions within 5 s x 6 missed. */
    static final Duration CLUSTER_SCHEDULER_HEARTBEAT = Duration.ofSeconds(5);
    /** H2: one node, whose own executions are revived only after it restarts (db-scheduler's default). */
    static final Duration SINGLE_NODE_SCHEDULER_HEARTBEAT = Duration.ofMinutes(5);

    public static Builder builder() {
        return new Builder();
    }

    public Path dataDir() { return dataDir; }
    public String bindAddress() { return bindAddress; }
    /** Cleartext port (h2c with prior knowledge, and HTTP/1.1); 0 picks a free port. */
    public int port() { return port; }
    /** TLS port (h2 by ALPN); 0 picks a free port, -1 disables TLS. */
    public int tlsPort() { return tlsPort; }
    public Path tlsCert() { return tlsCert; }
    public Path tlsKey() { return tlsKey; }
    public long maxEventBytes() { return maxEventBytes; }
    public Duration eventTimeout() { return eventTimeout; }
    public Duration accessTokenTtl() { return accessTokenTtl; }
    public int downchannelMaxOpens() { return downchannelMaxOpens; }
    public Duration downchannelOpenWindow() { return downchannelOpenWindow; }
    public String ttsVoice() { return ttsVoice; }
    public int ttsBitrateKbps() { return ttsBitrateKbps; }
    /** Texts synthesised at once: one in the server process, the rest in flite worker processes. */
    public int ttsParallelism() { return ttsParallelism; }
    public ZoneId timeZone() { return timeZone; }
    public String language() { return language; }
    /** Speech recognisers kept ready (each holds its own models, ~64 MB); 0 turns recognition off. */
    public int asrPoolSize() { return asrPoolSize; }
    /** How long a spoken request waits for a free recogniser before 503. */
    public Duration asrMaxWait() { return asrMaxWait; }

    /** General-model words the recogniser searches besides the templates' own; 0 = the whole dictionary. */
    public int asrVocabularySize() { return asrVocabularySize; }
    public int asrChannelMemory() { return asrChannelMemory; }
    /**
     * {@code asr-adaptation}: the recogniser adapts to each device after every this many utterances it
     * was understood in (ChannelAdaptation); 0 = off.
     */
    public int asrAdaptation() { return asrAdaptation; }
    /** The household's own names for the recogniser (PersonalWords), or null for none. */
    public Path asrWords() { return asrWords; }
    /** {@code asr-engine}: {@code pocketsphinx} (built in), {@code none}, or a SpeechRecognitionEngineProvider's name. */
    public String asrEngine() { return asrEngine; }
    /** Longest utterance; then the server sends StopCapture and answers. */
    public Duration maxUtterance() { return maxUtterance; }
    /** The Open-Meteo forecast endpoint (or a compatible self-hosted one). */
    public String weatherForecastUrl() { return weatherForecastUrl; }
    /** The Open-Meteo geocoding search endpoint, for "weather in Paris". */
    public String weatherGeocodingUrl() { return weatherGeocodingUrl; }
    /** The Open-Meteo air-quality endpoint, for "what's the air quality". */
    public String weatherAirQualityUrl() { return weatherAirQualityUrl; }
    /** The longest a weather answer waits for the provider before apologising. */
    public Duration weatherTimeout() { return weatherTimeout; }
    /** Folders of audio files the music library indexes; empty means no library. */
    public List<Path> musicDirs() { return musicDirs; }
    /** How often the music folders are scanned for changes; zero scans only at start. */
    public Duration musicRescanInterval() { return musicRescanInterval; }
    /** How long a signed stream URL stays valid after the track is due to start. */
    public Duration musicUrlTtl() { return musicUrlTtl; }

    /** How long a reminder that came due while its device was offline is held for the device's return. */
    public Duration reminderHoldTtl() { return reminderHoldTtl; }
    /**
     * Spoken requests of one account starting within this of each other are one utterance heard by
     * several devices: only the device that heard it loudest answers. Zero: no arbitration. 300 ms by
     * default; a device with no other device of its account connected answers without waiting.
     */
    public Duration arbitrationWindow() { return arbitrationWindow; }
    /** How long an event's answer is kept for a retry with the same messageId; zero: not kept. */
    public Duration eventReplayWindow() { return eventReplayWindow; }
    /** How long a third-party extension (CEK webhook) may take to answer before the user hears an apology. */
    public Duration extensionTimeout() { return extensionTimeout; }
    /** The base of stream URLs (e.g. {@code https://cic.example.org}); null derives it from each request. */
    public String musicBaseUrl() { return musicBaseUrl; }
    /** Where the admin endpoint and {@code /metrics} listen: loopback unless a Prometheus elsewhere needs them. */
    public String adminAddress() { return adminAddress; }
    /** The admin port; 0 picks a free one (written to {@code <data-dir>/admin.endpoint}). */
    public int adminPort() { return adminPort; }
    /** How long a connection may be silent before the server PINGs it (and closes it when the PING goes unanswered). */
    public Duration pingInterval() { return pingInterval; }

    /** Threads for intent matching and skill work (database, services); default 2 per core. */
    public int intentThreads() { return intentThreads; }
    /** Requests that may wait for an intent thread; beyond them {@code 503}. Default 16 per core. */
    public int intentQueue() { return intentQueue; }
    /** Threads synthesising speech at once; default one per core. */
    public int synthesisThreads() { return synthesisThreads; }
    /** Answers that may wait for a synthesis thread; beyond them {@code 503}. Default 4 per core. */
    public int synthesisQueue() { return synthesisQueue; }
    /**
     * The longest a request may expect to wait for a stage's thread (its work queued ahead, from
     * recent task times) before it is refused with {@code 503}; default 2 s. The event timeout bounds
     * it too.
     */
    public Duration stageMaxWait() { return stageMaxWait; }
    /** Spoken requests one device may have in progress at once ({@code 429} beyond). */
    public int asrPerDevice() { return asrPerDevice; }
    /** The least audio rate of an upload, percent of real time ({@code 408} below it); 0 = no check. */
    public int asrMinAudioRatePercent() { return asrMinAudioRatePercent; }
    /** How long an audio upload may start slowly before its rate is judged. */
    public Duration asrRateGrace() { return asrRateGrace; }
    /** HTTP/2 {@code MAX_CONCURRENT_STREAMS} advertised and enforced per connection. */
    public int http2MaxStreams() { return http2MaxStreams; }

    /** A PostgreSQL JDBC URL ({@code jdbc:postgresql://host:port/db}), or null for H2 in the data directory. */
    public String dbUrl() { return dbUrl; }
    /** The PostgreSQL user (with {@link #dbUrl()}). */
    public String dbUser() { return dbUser; }
    /** The PostgreSQL password, or null; never logged (not in {@link #describe()}). */
    public String dbPassword() { return dbPassword; }
    /** Connections in the database pool (HikariCP). */
    public int dbPoolSize() { return dbPoolSize; }

    /**
     * The Redis server of a cluster ({@code redis://HOST:PORT}, {@code rediss://USER:PASSWORD@HOST:PORT}
     * for TLS), or null: single-node routing, nothing shared. Never logged with its password.
     */
    public String redisUrl() { return redisUrl; }
    /** This node's name in the cluster, logs and metrics; default unique per process. */
    public String nodeId() { return nodeId; }

    /**
     * How often a node's scheduler marks the executions it runs as alive: 5 s with {@code db-url}
     * (a cluster), else 5 min (db-scheduler's default, as before).
     */
    public Duration schedulerHeartbeat() { return schedulerHeartbeat; }
    /** Heartbeats missed before another node revives an execution: dead after heartbeat x this. */
    public int schedulerMissedHeartbeats() { return schedulerMissedHeartbeats; }

    /** The effective settings, for the startup log. Holds no secrets. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data-dir", dataDir.toAbsolutePath());
        m.put("bind-address", bindAddress);
        m.put("port", port);
        m.put("tls-port", tlsPort);
        m.put("tls-cert", tlsCert == null ? "(self-signed in data dir)" : tlsCert);
        m.put("max-event-bytes", maxEventBytes);
        m.put("event-timeout-seconds", eventTimeout.toSeconds());
        m.put("access-token-ttl-seconds", accessTokenTtl.toSeconds());
        m.put("downchannel-max-opens", downchannelMaxOpens);
        m.put("downchannel-open-window-ms", downchannelOpenWindow.toMillis());
        m.put("tts-voice", ttsVoice);
        m.put("tts-bitrate-kbps", ttsBitrateKbps);
        m.put("tts-parallelism", ttsParallelism);
        m.put("timezone", timeZone);
        m.put("language", language);
        m.put("asr-pool-size", asrPoolSize);
        m.put("asr-max-wait-ms", asrMaxWait.toMillis());
        m.put("asr-vocabulary-size", asrVocabularySize);
        m.put("asr-channel-memory", asrChannelMemory);
        m.put("asr-adaptation", asrAdaptation);
        m.put("asr-words", asrWords == null ? "(none)" : asrWords);
        m.put("asr-engine", asrEngine);
        m.put("max-utterance-ms", maxUtterance.toMillis());
        m.put("weather-forecast-url", weatherForecastUrl);
        m.put("weather-geocoding-url", weatherGeocodingUrl);
        m.put("weather-air-quality-url", weatherAirQualityUrl);
        m.put("weather-timeout-ms", weatherTimeout.toMillis());
        m.put("music-dir", musicDirs.isEmpty() ? "(none)" : musicDirs);
        m.put("music-rescan-seconds", musicRescanInterval.toSeconds());
        m.put("music-url-ttl-seconds", musicUrlTtl.toSeconds());
        m.put("reminder-hold-ttl-seconds", reminderHoldTtl.toSeconds());
        m.put("arbitration-window-ms", arbitrationWindow.toMillis());
        m.put("event-replay-window-seconds", eventReplayWindow.toSeconds());
        m.put("extension-timeout-ms", extensionTimeout.toMillis());
        m.put("music-base-url", musicBaseUrl == null ? "(from each request)" : musicBaseUrl);
        m.put("intent-threads", intentThreads);
        m.put("intent-queue", intentQueue);
        m.put("synthesis-threads", synthesisThreads);
        m.put("synthesis-queue", synthesisQueue);
        m.put("stage-max-wait-ms", stageMaxWait.toMillis());
        m.put("asr-per-device", asrPerDevice);
        m.put("asr-min-audio-rate-percent", asrMinAudioRatePercent);
        m.put("asr-rate-grace-ms", asrRateGrace.toMillis());
        m.put("http2-max-streams", http2MaxStreams);
        m.put("admin-address", adminAddress);
        m.put("admin-port", adminPort);
        m.put("ping-interval-ms", pingInterval.toMillis());
        m.put("db-url", dbUrl == null ? "(H2 in the data directory)" : withoutPassword(dbUrl));
        m.put("db-user", dbUser == null ? "(none)" : dbUser);
        m.put("db-pool-size", dbPoolSize);
        m.put("redis-url", redisUrl == null ? "(none: single node)" : withoutUserInfo(redisUrl));
        m.put("node-id", nodeId);
        m.put("scheduler-heartbeat-ms", schedulerHeartbeat.toMillis());
        m.put("scheduler-missed-heartbeats", schedulerMissedHeartbeats);
        return m;
    }

    /** The URL with the value of any {@code password=} parameter hidden (a URL may carry one). */
    static String withoutPassword(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** The URL with its {@code user:password@} part hidden. */
    static String withoutUserInfo(String url) {
        return url.replaceFirst("^(rediss?://)[^@/]*@", "$1***@");
    }

    /** host-pid-random: unique per process, and per server when a test runs several in one JVM. */
    private static String defaultNodeId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "node";
        }
        host = host.replaceAll("[^A-Za-z0-9.-]", "-");
        return host.substring(0, Math.min(host.length(), 40)) + "-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    /** Validates each value as it is set, naming the setting and the accepted range. */
    public static final class Builder {
        private Path dataDir = Path.of("data");
        private String bindAddress = "0.0.0.0";
        private int port = 8080;
        private int tlsPort = 8443;
        private String adminAddress = "127.0.0.1";
        private int adminPort = 0;
        private Duration pingInterval = Duration.ofSeconds(30);
        private Path tlsCert;
        private Path tlsKey;
        private long maxEventBytes = 10L * 1024 * 1024;
        private Duration eventTimeout = Duration.ofSeconds(60);
        private Duration accessTokenTtl = Duration.ofHours(1);
        private int downchannelMaxOpens = 2;
        private Duration downchannelOpenWindow = Duration.ofSeconds(3);
        private String ttsVoice = "slt";
        private int ttsBitrateKbps = 48;
        private int ttsParallelism = Runtime.getRuntime().availableProcessors();
        private ZoneId timeZone = ZoneId.systemDefault();
        private String language = "en";
        private int asrPoolSize = 2;
        private Duration asrMaxWait = Duration.ofSeconds(3);
        private int asrVocabularySize = 30_000;
        private int asrChannelMemory = 10_000;
        private int asrAdaptation;
        private Path asrWords;
        private String asrEngine = "pocketsphinx";
        private Duration maxUtterance = Duration.ofSeconds(15);
        private String weatherForecastUrl = "https://api.open-meteo.com/v1/forecast";
        private String weatherGeocodingUrl = "https://geocoding-api.open-meteo.com/v1/search";
        private String weatherAirQualityUrl = "https://air-quality-api.open-meteo.com/v1/air-quality";
        private Duration weatherTimeout = Duration.ofMillis(2500);
        private List<Path> musicDirs = List.of();
        private Duration musicRescanInterval = Duration.ofSeconds(30);
        private Duration musicUrlTtl = Duration.ofMinutes(10);
        private Duration reminderHoldTtl = Duration.ofHours(12);
        private Duration arbitrationWindow = Duration.ofMillis(300);
        private Duration eventReplayWindow = Duration.ofMinutes(10);
        private Duration extensionTimeout = Duration.ofSeconds(3);
        private String musicBaseUrl;
        private String dbUrl;
        private String dbUser;
        private String dbPassword;
        private int dbPoolSize = 8;
        private String redisUrl;
        private String nodeId = defaultNodeId();
        private Duration schedulerHeartbeat; // null: by store (see ServerConfig.schedulerHeartbeat())
        private int schedulerMissedHeartbeats = 6;

        public Builder schedulerHeartbeat(Duration v) {
            check(v.toMillis() >= 200, "scheduler-heartbeat-ms", v.toMillis(), ">= 200");
            schedulerHeartbeat = v;
            return this;
        }

        public Builder schedulerMissedHeartbeats(int v) {
            check(v >= 4 && v <= 100, "scheduler-missed-heartbeats", v, "4..100 (db-scheduler needs 4 at least)");
            schedulerMissedHeartbeats = v;
            return this;
        }

        /** The Redis server of a cluster; null or blank for a single node. */
        public Builder redisUrl(String v) {
            if (v == null || v.isBlank()) {
                redisUrl = null;
                return this;
            }
            java.net.URI uri;
            try {
                uri = java.net.URI.create(v.strip());
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            check(uri != null && uri.getHost() != null
                    && ("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())),
                    "redis-url", withoutUserInfo(v), "redis://HOST:PORT or rediss://USER:PASSWORD@HOST:PORT");
            redisUrl = v.strip();
            return this;
        }

        /** This node's name: letters, digits, '.', '_' and '-', at most 64. */
        public Builder nodeId(String v) {
            check(v != null && v.matches("[A-Za-z0-9._-]{1,64}"), "node-id", v,
                    "1 to 64 letters, digits, '.', '_' or '-'");
            nodeId = v;
            return this;
        }

        /** A PostgreSQL database instead of H2 in the data directory; null or blank for H2. */
        public Builder dbUrl(String v) {
            if (v == null || v.isBlank()) {
                dbUrl = null;
                return this;
            }
            check(v.strip().startsWith("jdbc:postgresql://"), "db-url", withoutPassword(v),
                    "jdbc:postgresql://HOST:PORT/DATABASE (leave it out for H2 in the data directory)");
            dbUrl = v.strip();
            return this;
        }

        public Builder dbUser(String v) { dbUser = v == null || v.isBlank() ? null : v.strip(); return this; }

        public Builder dbPassword(String v) { dbPassword = v == null || v.isEmpty() ? null : v; return this; }

        public Builder dbPoolSize(int v) {
            check(v >= 1 && v <= 200, "db-pool-size", v, "1..200");
            dbPoolSize = v;
            return this;
        }

        private Builder() {}

        public Builder dataDir(Path v) { dataDir = Objects.requireNonNull(v, "dataDir"); return this; }
        public Builder bindAddress(String v) { bindAddress = Objects.requireNonNull(v, "bindAddress"); return this; }

        public Builder port(int v) {
            check(v >= 0 && v <= 65535, "port", v, "0..65535");
            port = v;
            return this;
        }

        public Builder tlsPort(int v) {
            check(v >= -1 && v <= 65535, "tls-port", v, "-1 (off) or 0..65535");
            tlsPort = v;
            return this;
        }

        public Builder tlsCert(Path v) { tlsCert = v; return this; }
        public Builder tlsKey(Path v) { tlsKey = v; return this; }

        public Builder maxEventBytes(long v) {
            check(v >= 1024, "max-event-bytes", v, ">= 1024");
            maxEventBytes = v;
            return this;
        }

        public Builder eventTimeout(Duration v) {
            check(!v.isNegative() && !v.isZero(), "event-timeout-seconds", v, "> 0");
            eventTimeout = v;
            return this;
        }

        public Builder accessTokenTtl(Duration v) {
            check(v.toSeconds() >= 1, "access-token-ttl-seconds", v.toSeconds(), ">= 1");
            accessTokenTtl = v;
            return this;
        }

        public Builder downchannelMaxOpens(int v) {
            check(v >= 1, "downchannel-max-opens", v, ">= 1");
            downchannelMaxOpens = v;
            return this;
        }

        public Builder downchannelOpenWindow(Duration v) {
            check(!v.isNegative() && !v.isZero(), "downchannel-open-window-ms", v.toMillis(), "> 0");
            downchannelOpenWindow = v;
            return this;
        }

        public Builder ttsVoice(String v) { ttsVoice = Objects.requireNonNull(v, "ttsVoice"); return this; }

        public Builder ttsBitrateKbps(int v) {
            check(v >= 8 && v <= 320, "tts-bitrate-kbps", v, "8..320");
            ttsBitrateKbps = v;
            return this;
        }

        public Builder ttsParallelism(int v) {
            check(v >= 1 && v <= 64, "tts-parallelism", v, "1..64");
            ttsParallelism = v;
            return this;
        }

        public Builder timeZone(ZoneId v) { timeZone = Objects.requireNonNull(v, "timeZone"); return this; }

        public Builder language(String v) { language = Objects.requireNonNull(v, "language"); return this; }

        public Builder asrPoolSize(int v) {
            check(v >= 0 && v <= 64, "asr-pool-size", v, "0..64");
            asrPoolSize = v;
            return this;
        }

        public Builder asrMaxWait(Duration v) {
            check(!v.isNegative(), "asr-max-wait-ms", v.toMillis(), ">= 0");
            asrMaxWait = v;
            return this;
        }

        public Builder asrVocabularySize(int v) {
            check(v >= 0, "asr-vocabulary-size", v, ">= 0 (0 = the whole dictionary)");
            asrVocabularySize = v;
            return this;
        }

        public Builder asrChannelMemory(int v) {
            check(v >= 0, "asr-channel-memory", v, ">= 0 (0 = remember no device)");
            asrChannelMemory = v;
            return this;
        }

        public Builder asrAdaptation(int v) {
            check(v == 0 || v >= 3, "asr-adaptation", v, "0 (off) or >= 3 utterances per adaptation");
            asrAdaptation = v;
            return this;
        }

        /** A file of the household's own names (people, places) for the recogniser; null for none. */
        public Builder asrWords(Path v) { asrWords = v; return this; }

        public Builder asrEngine(String v) {
            Objects.requireNonNull(v, "asrEngine");
            check(v.matches("[a-z0-9][a-z0-9-]*"), "asr-engine", v, "pocketsphinx, none or an engine provider's name (a-z, 0-9, -)");
            asrEngine = v;
            return this;
        }

        public Builder maxUtterance(Duration v) {
            check(v.toMillis() >= 1000, "max-utterance-ms", v.toMillis(), ">= 1000");
            maxUtterance = v;
            return this;
        }

        public Builder weatherForecastUrl(String v) {
            weatherForecastUrl = httpUrl("weather-forecast-url", v);
            return this;
        }

        public Builder weatherGeocodingUrl(String v) {
            weatherGeocodingUrl = httpUrl("weather-geocoding-url", v);
            return this;
        }

        public Builder weatherAirQualityUrl(String v) {
            weatherAirQualityUrl = httpUrl("weather-air-quality-url", v);
            return this;
        }

        public Builder weatherTimeout(Duration v) {
            // The answer (an apology at worst) must reach the user within 3 s, speech synthesis included.
            check(v.toMillis() >= 100 && v.toMillis() <= 2800, "weather-timeout-ms", v.toMillis(), "100..2800");
            weatherTimeout = v;
            return this;
        }

        public Builder musicDirs(List<Path> v) {
            musicDirs = List.copyOf(Objects.requireNonNull(v, "musicDirs"));
            return this;
        }

        public Builder musicRescanInterval(Duration v) {
            check(!v.isNegative(), "music-rescan-seconds", v.toSeconds(), ">= 0 (0: scan at start only)");
            musicRescanInterval = v;
            return this;
        }

        public Builder reminderHoldTtl(Duration v) {
            check(v.toSeconds() >= 1, "reminder-hold-ttl-seconds", v.toSeconds(), ">= 1");
            reminderHoldTtl = v;
            return this;
        }

        /** At most 8 s: the reference's limit for an extension's answer. */
        public Builder extensionTimeout(Duration v) {
            check(v.toMillis() >= 1 && v.toMillis() <= 8000, "extension-timeout-ms", v.toMillis(), "1..8000");
            extensionTimeout = v;
            return this;
        }

        public Builder arbitrationWindow(Duration v) {
            check(!v.isNegative() && v.toMillis() <= 5000, "arbitration-window-ms", v.toMillis(),
                    "0..5000 (0: off)");
            arbitrationWindow = v;
            return this;
        }

        public Builder eventReplayWindow(Duration v) {
            check(!v.isNegative(), "event-replay-window-seconds", v.toSeconds(), ">= 0 (0: off)");
            eventReplayWindow = v;
            return this;
        }

        public Builder musicUrlTtl(Duration v) {
            check(v.toSeconds() >= 1, "music-url-ttl-seconds", v.toSeconds(), ">= 1");
            musicUrlTtl = v;
            return this;
        }

        public Builder musicBaseUrl(String v) {
            if (v != null) {
                check(v.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?"), "music-base-url", v,
                        "an http(s) URL without query, e.g. https://cic.example.org");
                v = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
            }
            musicBaseUrl = v;
            return this;
        }

        private static final int CORES = Runtime.getRuntime().availableProcessors();
        private int intentThreads = 2 * CORES;
        private int intentQueue = 16 * CORES;
        private int synthesisThreads = CORES;
        private int synthesisQueue = 4 * CORES;
        private Duration stageMaxWait = Duration.ofSeconds(2);
        private int asrPerDevice = 1;
        private int asrMinAudioRatePercent = 50;
        private Duration asrRateGrace = Duration.ofSeconds(1);
        private int http2MaxStreams = 16;

        public Builder intentThreads(int v) {
            check(v >= 1 && v <= 1024, "intent-threads", v, "1..1024");
            intentThreads = v;
            return this;
        }

        public Builder intentQueue(int v) {
            check(v >= 0, "intent-queue", v, ">= 0");
            intentQueue = v;
            return this;
        }

        public Builder synthesisThreads(int v) {
            check(v >= 1 && v <= 1024, "synthesis-threads", v, "1..1024");
            synthesisThreads = v;
            return this;
        }

        public Builder synthesisQueue(int v) {
            check(v >= 0, "synthesis-queue", v, ">= 0");
            synthesisQueue = v;
            return this;
        }

        public Builder stageMaxWait(Duration v) {
            check(!v.isNegative() && !v.isZero(), "stage-max-wait-ms", v.toMillis(), "> 0");
            stageMaxWait = v;
            return this;
        }

        public Builder asrPerDevice(int v) {
            check(v >= 1, "asr-per-device", v, ">= 1");
            asrPerDevice = v;
            return this;
        }

        public Builder asrMinAudioRatePercent(int v) {
            check(v >= 0 && v <= 100, "asr-min-audio-rate-percent", v, "0..100 (0 = no check)");
            asrMinAudioRatePercent = v;
            return this;
        }

        public Builder asrRateGrace(Duration v) {
            check(!v.isNegative(), "asr-rate-grace-ms", v.toMillis(), ">= 0");
            asrRateGrace = v;
            return this;
        }

        public Builder http2MaxStreams(int v) {
            check(v >= 1, "http2-max-streams", v, ">= 1");
            http2MaxStreams = v;
            return this;
        }

        public Builder adminAddress(String v) { adminAddress = Objects.requireNonNull(v, "adminAddress"); return this; }

        public Builder adminPort(int v) {
            check(v >= 0 && v <= 65535, "admin-port", v, "0..65535");
            adminPort = v;
            return this;
        }

        public Builder pingInterval(Duration v) {
            check(v.toMillis() >= 1000, "ping-interval-ms", v.toMillis(), ">= 1000");
            pingInterval = v;
            return this;
        }

        public ServerConfig build() {
            if ((tlsCert == null) != (tlsKey == null)) {
                throw new IllegalArgumentException("tls-cert and tls-key must be given together");
            }
            if (dbUrl != null && dbUser == null) {
                throw new IllegalArgumentException("db-url needs db-user (and db-password or CIC_DB_PASSWORD"
                        + " when the database asks for one)");
            }
            return new ServerConfig(this);
        }

        private static String httpUrl(String name, String v) {
            Objects.requireNonNull(v, name);
            java.net.URI uri;
            try {
                uri = java.net.URI.create(v.strip());
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            check(uri != null && uri.getHost() != null
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())),
                    name, v, "an http:// or https:// URL");
            return v.strip();
        }

        private static void check(boolean ok, String name, Object value, String expected) {
            if (!ok) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: " + expected + ")");
            }
        }
    }
}
