package dev.opencic.server.cli;

import dev.opencic.server.CicServer;
import dev.opencic.server.config.ConfigLoader;
import dev.opencic.server.config.ServerConfig;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Start the CIC server and keep it running until stopped.")
final class ServeCommand implements Callable<Integer> {

    private static volatile boolean serving;

    @Option(names = "--data-dir", description = "Where the database, TLS pair and state live (default: ./data).")
    Path dataDir;

    @Option(names = "--port", description = "Cleartext port: HTTP/1.1 and h2c with prior knowledge (default: 8080).")
    Integer port;

    @Option(names = "--tls-port", description = "TLS port, h2 by ALPN; -1 turns TLS off (default: 8443).")
    Integer tlsPort;

    @Option(names = "--config", description = "Config file (properties); default: <data-dir>/cic.properties if present.")
    Path configFile;

    @Option(names = "--music-dir", description = "A folder of music files to index and stream (repeatable).")
    List<Path> musicDirs = new ArrayList<>();

    @Option(names = "--set", description = "Any setting as key=value, e.g. --set tts-voice=awb (repeatable).")
    Map<String, String> settings = new HashMap<>();

    static boolean isServing() {
        return serving;
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new HashMap<>(settings);
        if (dataDir != null) {
            flags.put("data-dir", dataDir.toString());
        }
        if (port != null) {
            flags.put("port", port.toString());
        }
        if (tlsPort != null) {
            flags.put("tls-port", tlsPort.toString());
        }
        if (!musicDirs.isEmpty()) {
            flags.put("music-dir", String.join(File.pathSeparator, musicDirs.stream().map(Path::toString).toList()));
        }
        ServerConfig config = ConfigLoader.load(configFile, System.getenv(), flags);
        CicServer server = CicServer.builder().config(config).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "cic-shutdown"));
        serving = true;
        String host = "0.0.0.0".equals(config.bindAddress()) ? "localhost" : config.bindAddress();
        System.out.println("OpenCIC server ready");
        System.out.println("  cleartext (HTTP/1.1, h2c prior knowledge): http://" + host + ":" + server.httpPort());
        if (server.httpsPort() > 0) {
            System.out.println("  TLS (h2 by ALPN, HTTP/1.1):                https://" + host + ":" + server.httpsPort());
        }
        System.out.println("  admin and /metrics (" + config.adminAddress() + "):   port " + server.adminPort()
                + " (./cic admin uses it; see <data-dir>/admin.endpoint)");
        System.out.println("  data directory: " + config.dataDir().toAbsolutePath());
        System.out.println("  store: " + (config.dbUrl() == null ? "H2 in the data directory"
                : "PostgreSQL " + config.describe().get("db-url") + " as " + config.dbUser()));
        System.out.println("  speech synthesis: " + (server.tts().isAvailable()
                ? server.tts().name() + " (voice " + config.ttsVoice() + ")"
                : "UNAVAILABLE - " + server.tts().unavailableReason()));
        System.out.println("  speech recognition: " + (server.asr().isAvailable()
                ? server.asr().name() + " (" + config.asrPoolSize() + " recognizers)"
                : "UNAVAILABLE - " + server.asr().unavailableReason()));
        System.out.println("  music folders: " + (config.musicDirs().isEmpty() ? "none (--music-dir DIR to add one)"
                : config.musicDirs().stream().map(p -> p.toAbsolutePath().toString()).toList()
                  + " (scanned in the background)"));
        System.out.flush();
        return 0;
    }
}
