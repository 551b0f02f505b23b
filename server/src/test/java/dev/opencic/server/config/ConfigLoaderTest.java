package dev.opencic.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void noConfigAtAllGivesTheDocumentedDefaults() throws Exception {
        ServerConfig c = ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString()));
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.tlsPort()).isEqualTo(8443);
        assertThat(c.dataDir()).isEqualTo(dir);
        assertThat(c.ttsVoice()).isEqualTo("slt");
        assertThat(c.accessTokenTtl()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFile() throws Exception {
        Files.writeString(dir.resolve("cic.properties"), "port=1000\ntls-port=1001\ntts-voice=awb\n");
        Map<String, String> env = Map.of("CIC_TLS_PORT", "2001", "CIC_TTS_VOICE", "rms");
        Map<String, String> flags = new HashMap<>();
        flags.put("data-dir", dir.toString());
        flags.put("tts-voice", "kal16");
        ServerConfig c = ConfigLoader.load(null, env, flags);
        assertThat(c.port()).isEqualTo(1000);
        assertThat(c.tlsPort()).isEqualTo(2001);
        assertThat(c.ttsVoice()).isEqualTo("kal16");
    }

    @Test
    void badValuesAndUnknownKeysAreNamed() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CIC_PORT", "eighty"), Map.of()))
                .hasMessage("port: eighty (expected: a whole number)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("port", "70000")))
                .hasMessage("port: 70000 (expected: 0..65535)");
        Path f = dir.resolve("x.properties");
        Files.writeString(f, "prot=1\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
                .hasMessageContaining("unknown setting 'prot'");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.properties"), Map.of(), Map.of()))
                .hasMessageContaining("config file not found");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("timezone", "Mars/Olympus")))
                .hasMessageContaining("timezone: Mars/Olympus");
    }

    @Test
    void weatherSettingsHaveOpenMeteoDefaultsAndRefuseNonsense() throws Exception {
        ServerConfig d = ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString()));
        assertThat(d.weatherForecastUrl()).isEqualTo("https://api.open-meteo.com/v1/forecast");
        assertThat(d.weatherGeocodingUrl()).isEqualTo("https://geocoding-api.open-meteo.com/v1/search");
        assertThat(d.weatherTimeout()).isLessThan(java.time.Duration.ofSeconds(3));
        ServerConfig c = ConfigLoader.load(null, Map.of("CIC_WEATHER_FORECAST_URL", "http://10.0.0.5:8080/v1/forecast"),
                Map.of("data-dir", dir.toString(), "weather-timeout-ms", "1200"));
        assertThat(c.weatherForecastUrl()).isEqualTo("http://10.0.0.5:8080/v1/forecast");
        assertThat(c.weatherTimeout().toMillis()).isEqualTo(1200);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("weather-forecast-url", "ftp://x/y")))
                .hasMessageContaining("weather-forecast-url");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("weather-geocoding-url", "not a url")))
                .hasMessageContaining("weather-geocoding-url");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("weather-timeout-ms", "5000")))
                .hasMessageContaining("weather-timeout-ms: 5000");
    }

    @Test
    void reminderHoldTtlDefaultsToTwelveHoursAndMustBePositive() throws Exception {
        assertThat(ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString())).reminderHoldTtl())
                .isEqualTo(java.time.Duration.ofHours(12));
        ServerConfig c = ConfigLoader.load(null, Map.of("CIC_REMINDER_HOLD_TTL_SECONDS", "600"),
                Map.of("data-dir", dir.toString()));
        assertThat(c.reminderHoldTtl()).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("reminder-hold-ttl-seconds", "0")))
                .hasMessageContaining("reminder-hold-ttl-seconds");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("reminder-hold-ttl-seconds", "soon")))
                .hasMessageContaining("reminder-hold-ttl-seconds");
    }

    @Test
    void asrVocabularySizeDefaultsToThirtyThousandAndZeroMeansTheWholeDictionary() throws Exception {
        assertThat(ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString())).asrVocabularySize())
                .isEqualTo(30_000);
        assertThat(ConfigLoader.load(null, Map.of("CIC_ASR_VOCABULARY_SIZE", "0"), Map.of("data-dir", dir.toString()))
                .asrVocabularySize()).isZero();
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("asr-vocabulary-size", "-5")))
                .hasMessageContaining("asr-vocabulary-size: -5");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("asr-vocabulary-size", "lots")))
                .hasMessageContaining("asr-vocabulary-size: lots");
    }

    @Test
    void asrChannelMemoryDefaultsToTenThousandDevicesAndZeroTurnsItOff() throws Exception {
        assertThat(ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString())).asrChannelMemory())
                .isEqualTo(10_000);
        assertThat(ConfigLoader.load(null, Map.of("CIC_ASR_CHANNEL_MEMORY", "0"), Map.of("data-dir", dir.toString()))
                .asrChannelMemory()).isZero();
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("asr-channel-memory", "-1")))
                .hasMessageContaining("asr-channel-memory: -1");
    }

    @Test
    void asrAdaptationIsOffByDefaultAndTakesAtLeastThreeUtterances() throws Exception {
        assertThat(ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString())).asrAdaptation()).isZero();
        assertThat(ConfigLoader.load(null, Map.of("CIC_ASR_ADAPTATION", "10"), Map.of("data-dir", dir.toString()))
                .asrAdaptation()).isEqualTo(10);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("asr-adaptation", "2")))
                .hasMessageContaining("asr-adaptation: 2");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("asr-adaptation", "on")))
                .hasMessageContaining("asr-adaptation: on");
    }

    @Test
    void asrWordsIsAFileOrNone() throws Exception {
        assertThat(ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString())).asrWords()).isNull();
        assertThat(ConfigLoader.load(null, Map.of("CIC_ASR_WORDS", "/etc/cic/words.txt"), Map.of("data-dir", dir.toString()))
                .asrWords()).isEqualTo(Path.of("/etc/cic/words.txt"));
    }

    @Test
    void loadSettingsDefaultFromTheCoresAndRefuseNonsense() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        ServerConfig d = ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString()));
        assertThat(d.synthesisThreads()).isEqualTo(cores);
        assertThat(d.synthesisQueue()).isEqualTo(4 * cores);
        assertThat(d.intentThreads()).isEqualTo(2 * cores);
        assertThat(d.intentQueue()).isEqualTo(16 * cores);
        assertThat(d.asrPerDevice()).isEqualTo(1);
        assertThat(d.asrMinAudioRatePercent()).isEqualTo(50);
        assertThat(d.asrRateGrace()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.http2MaxStreams()).isEqualTo(16);
        ServerConfig c = ConfigLoader.load(null, Map.of("CIC_SYNTHESIS_QUEUE", "0"), Map.of("data-dir", dir.toString(),
                "synthesis-threads", "3", "intent-threads", "5", "intent-queue", "7", "asr-per-device", "2",
                "asr-min-audio-rate-percent", "0", "asr-rate-grace-ms", "2500", "http2-max-streams", "32"));
        assertThat(c.synthesisThreads()).isEqualTo(3);
        assertThat(c.synthesisQueue()).isZero();
        assertThat(c.intentThreads()).isEqualTo(5);
        assertThat(c.intentQueue()).isEqualTo(7);
        assertThat(c.asrPerDevice()).isEqualTo(2);
        assertThat(c.asrMinAudioRatePercent()).isZero();
        assertThat(c.asrRateGrace()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.http2MaxStreams()).isEqualTo(32);
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("synthesis-threads", "0")))
                .hasMessage("synthesis-threads: 0 (expected: 1..1024)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("asr-min-audio-rate-percent", "150")))
                .hasMessage("asr-min-audio-rate-percent: 150 (expected: 0..100 (0 = no check))");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("http2-max-streams", "0")))
                .hasMessage("http2-max-streams: 0 (expected: >= 1)");
    }
}
