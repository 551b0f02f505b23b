package dev.opencic.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Reads settings in three layers, later ones winning: the config file (Java properties with the
 * keys below), environment variables ({@code CIC_} + the key in upper case with underscores, e.g.
 * {@code CIC_TLS_PORT}), then command-line flags. The file is {@code --config FILE}, else
 * {@code $CIC_CONFIG}, else {@code <data-dir>/cic.properties} when it exists.
 */
public final class ConfigLoader {

    private static final Map<String, BiConsumer<ServerConfig.Builder, String>> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("data-dir", (b, v) -> b.dataDir(Path.of(v)));
        KEYS.put("bind-address", ServerConfig.Builder::bindAddress);
        KEYS.put("port", (b, v) -> b.port(parseInt("port", v)));
        KEYS.put("tls-port", (b, v) -> b.tlsPort(parseInt("tls-port", v)));
        KEYS.put("tls-cert", (b, v) -> b.tlsCert(Path.of(v)));
        KEYS.put("tls-key", (b, v) -> b.tlsKey(Path.of(v)));
        KEYS.put("admin-address", ServerConfig.Builder::adminAddress);
        KEYS.put("metrics-address", ServerConfig.Builder::adminAddress);
        KEYS.put("admin-port", (b, v) -> b.adminPort(parseInt("admin-port", v)));
        KEYS.put("ping-interval-ms", (b, v) -> b.pingInterval(Duration.ofMillis(parseLong("ping-interval-ms", v))));
        KEYS.put("max-event-bytes", (b, v) -> b.maxEventBytes(parseLong("max-event-bytes", v)));
        KEYS.put("event-timeout-seconds", (b, v) -> b.eventTimeout(Duration.ofSeconds(parseLong("event-timeout-seconds", v))));
        KEYS.put("access-token-ttl-seconds", (b, v) -> b.accessTokenTtl(Duration.ofSeconds(parseLong("access-token-ttl-seconds", v))));
        KEYS.put("downchannel-max-opens", (b, v) -> b.downchannelMaxOpens(parseInt("downchannel-max-opens", v)));
        KEYS.put("downchannel-open-window-ms", (b, v) -> b.downchannelOpenWindow(Duration.ofMillis(parseLong("downchannel-open-window-ms", v))));
        KEYS.put("tts-voice", ServerConfig.Builder::ttsVoice);
        KEYS.put("tts-bitrate-kbps", (b, v) -> b.ttsBitrateKbps(parseInt("tts-bitrate-kbps", v)));
        KEYS.put("tts-parallelism", (b, v) -> b.ttsParallelism(parseInt("tts-parallelism", v)));
        KEYS.put("timezone", (b, v) -> {
            try {
                b.timeZone(ZoneId.of(v));
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("timezone: " + v + " (expected: a zone id such as Europe/Paris)");
            }
        });
        KEYS.put("language", ServerConfig.Builder::language);
        KEYS.put("asr-pool-size", (b, v) -> b.asrPoolSize(parseInt("asr-pool-size", v)));
        KEYS.put("asr-vocabulary-size", (b, v) -> b.asrVocabularySize(parseInt("asr-vocabulary-size", v)));
        KEYS.put("asr-channel-memory", (b, v) -> b.asrChannelMemory(parseInt("asr-channel-memory", v)));
        KEYS.put("asr-adaptation", (b, v) -> b.asrAdaptation(parseInt("asr-adaptation", v)));
        KEYS.put("asr-words", (b, v) -> b.asrWords(v.isBlank() ? null : Path.of(v)));
        KEYS.put("asr-engine", (b, v) -> b.asrEngine(v.strip()));
        KEYS.put("asr-max-wait-ms", (b, v) -> b.asrMaxWait(Duration.ofMillis(parseLong("asr-max-wait-ms", v))));
        KEYS.put("max-utterance-ms", (b, v) -> b.maxUtterance(Duration.ofMillis(parseLong("max-utterance-ms", v))));
        KEYS.put("weather-forecast-url", ServerConfig.Builder::weatherForecastUrl);
        KEYS.put("weather-geocoding-url", ServerConfig.Builder::weatherGeocodingUrl);
        KEYS.put("weather-air-quality-url", ServerConfig.Builder::weatherAirQualityUrl);
        KEYS.put("weather-timeout-ms", (b, v) -> b.weatherTimeout(Duration.ofMillis(parseLong("weather-timeout-ms", v))));
        // Several folders are separated like PATH entries (':' on Unix), as --music-dir repeats.
        KEYS.put("music-dir", (b, v) -> b.musicDirs(java.util.Arrays.stream(v.split(java.io.File.pathSeparator))
                .map(String::strip).filter(s -> !s.isEmpty()).map(Path::of).toList()));
        KEYS.put("music-rescan-seconds", (b, v) -> b.musicRescanInterval(Duration.ofSeconds(parseLong("music-rescan-seconds", v))));
        KEYS.put("arbitration-window-ms", (b, v) -> b.arbitrationWindow(Duration.ofMillis(parseLong("arbitration-window-ms", v))));
        KEYS.put("reminder-hold-ttl-seconds", (b, v) -> b.reminderHoldTtl(Duration.ofSeconds(parseLong("reminder-hold-ttl-seconds", v))));
        KEYS.put("extension-timeout-ms", (b, v) -> b.extensionTimeout(Duration.ofMillis(parseLong("extension-timeout-ms", v))));
        KEYS.put("event-replay-window-seconds", (b, v) -> b.eventReplayWindow(Duration.ofSeconds(parseLong("event-replay-window-seconds", v))));
        KEYS.put("music-url-ttl-seconds", (b, v) -> b.musicUrlTtl(Duration.ofSeconds(parseLong("music-url-ttl-seconds", v))));
        KEYS.put("music-base-url", (b, v) -> b.musicBaseUrl(v.isEmpty() ? null : v));
        KEYS.put("intent-threads", (b, v) -> b.intentThreads(parseInt("intent-threads", v)));
        KEYS.put("intent-queue", (b, v) -> b.intentQueue(parseInt("intent-queue", v)));
        KEYS.put("synthesis-threads", (b, v) -> b.synthesisThreads(parseInt("synthesis-threads", v)));
        KEYS.put("synthesis-queue", (b, v) -> b.synthesisQueue(parseInt("synthesis-queue", v)));
        KEYS.put("stage-max-wait-ms", (b, v) -> b.stageMaxWait(Duration.ofMillis(parseLong("stage-max-wait-ms", v))));
        KEYS.put("asr-per-device", (b, v) -> b.asrPerDevice(parseInt("asr-per-device", v)));
        KEYS.put("asr-min-audio-rate-percent", (b, v) -> b.asrMinAudioRatePercent(parseInt("asr-min-audio-rate-percent", v)));
        KEYS.put("asr-rate-grace-ms", (b, v) -> b.asrRateGrace(Duration.ofMillis(parseLong("asr-rate-grace-ms", v))));
        KEYS.put("http2-max-streams", (b, v) -> b.http2MaxStreams(parseInt("http2-max-streams", v)));
        KEYS.put("db-url", ServerConfig.Builder::dbUrl);
        KEYS.put("db-user", ServerConfig.Builder::dbUser);
        // Also CIC_DB_PASSWORD, like every key; never logged.
        KEYS.put("db-password", ServerConfig.Builder::dbPassword);
        KEYS.put("db-pool-size", (b, v) -> b.dbPoolSize(parseInt("db-pool-size", v)));
        // Also CIC_REDIS_URL, so a password in it stays off the command line.
        KEYS.put("redis-url", ServerConfig.Builder::redisUrl);
        KEYS.put("node-id", ServerConfig.Builder::nodeId);
        KEYS.put("scheduler-heartbeat-ms", (b, v) -> b.schedulerHeartbeat(Duration.ofMillis(parseLong("scheduler-heartbeat-ms", v))));
        KEYS.put("scheduler-missed-heartbeats", (b, v) -> b.schedulerMissedHeartbeats(parseInt("scheduler-missed-heartbeats", v)));
    }

    private ConfigLoader() {}

    public static Set<String> keys() {
        return KEYS.keySet();
    }

    /**
     * @param configFile the {@code --config} flag, or null
     * @param env        the environment (pass {@code System.getenv()})
     * @param flags      command-line settings by key; null values are ignored
     * @throws IllegalArgumentException for an unknown key or a bad value, naming it
     */
    public static ServerConfig load(Path configFile, Map<String, String> env, Map<String, String> flags)
            throws IOException {
        Map<String, String> settings = new HashMap<>();
        Map<String, String> fromEnv = new HashMap<>();
        for (String key : KEYS.keySet()) {
            String v = env.get("CIC_" + key.toUpperCase().replace('-', '_'));
            if (v != null && !v.isBlank()) {
                fromEnv.put(key, v.strip());
            }
        }
        Map<String, String> fromFlags = new HashMap<>();
        flags.forEach((k, v) -> {
            if (v != null) {
                requireKnown(k, "flag");
                fromFlags.put(k, v);
            }
        });

        Path file = configFile;
        if (file == null && env.get("CIC_CONFIG") != null) {
            file = Path.of(env.get("CIC_CONFIG"));
        }
        if (file == null) {
            String dataDir = fromFlags.getOrDefault("data-dir", fromEnv.getOrDefault("data-dir", "data"));
            Path candidate = Path.of(dataDir).resolve("cic.properties");
            if (Files.isRegularFile(candidate)) {
                file = candidate;
            }
        } else if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config file not found: " + file);
        }
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            for (String k : p.stringPropertyNames()) {
                requireKnown(k, "key in " + file);
                settings.put(k, p.getProperty(k).strip());
            }
        }
        settings.putAll(fromEnv);
        settings.putAll(fromFlags);

        ServerConfig.Builder b = ServerConfig.builder();
        for (var e : KEYS.entrySet()) {
            String v = settings.get(e.getKey());
            if (v != null) {
                e.getValue().accept(b, v);
            }
        }
        return b.build();
    }

    private static void requireKnown(String key, String where) {
        if (!KEYS.containsKey(key)) {
            throw new IllegalArgumentException("unknown setting '" + key + "' (" + where + "); known: "
                    + String.join(", ", KEYS.keySet()));
        }
    }

    private static int parseInt(String key, String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": " + v + " (expected: a whole number)");
        }
    }

    private static long parseLong(String key, String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": " + v + " (expected: a whole number)");
        }
    }
}
