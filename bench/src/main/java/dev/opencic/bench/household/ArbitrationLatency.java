package dev.opencic.bench.household;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.RequestHeaders;
import dev.opencic.bench.cli.AccountOptions;
import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.bench.devices.DeviceTokens;
import dev.opencic.bench.report.LatencyHistogram;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.multipart.MultipartWriter;
import dev.opencic.protocol.multipart.PartHeaders;
import dev.opencic.server.CicServer;
import dev.opencic.server.config.ServerConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Arbitration's added latency for the answering device (issue 21): 1, 2 and 3 devices hearing the
 * same utterance ("what time is it", flite's slt voice), streamed in real time in 100 ms chunks, the
 * others at a fifth of the level. Measured on the loudest device, client clock: from its last audio
 * chunk written to its whole answer received. The baseline of the same run: as many devices, each in
 * an account of its own (the same recognition load, no contest). Rounds interleave the five
 * configurations. An in-process server on loopback with the default arbitration window (300 ms).
 */
@Command(name = "ArbitrationLatency", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Added latency of arbitration for the answering device: 1, 2, 3 devices of one account vs of separate accounts.")
public final class ArbitrationLatency implements Callable<Integer> {

    private static final String BOUNDARY = "arbitration-bench-7f3a";
    private static final int CHUNK_BYTES = 3200; // 100 ms of 16 kHz 16-bit mono
    private static final String PASSWORD = "a long enough password";

    @Option(names = "--rounds", defaultValue = "20", description = "Measured rounds per configuration (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warmup", defaultValue = "2", description = "Unmeasured rounds first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--window-ms", defaultValue = "300", description = "arbitration-window-ms of the server (default: ${DEFAULT-VALUE}).")
    int windowMs;

    private record Device(String account, WebClient http, String token) {}

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new ArbitrationLatency(), args);
    }

    @Override
    public Integer call() throws Exception {
        byte[] loud = speak("what time is it");
        byte[] quiet = scaled(loud, 0.2);
        Path dir = Files.createTempDirectory("cic-arbitration-bench");
        ServerConfig config = ServerConfig.builder().dataDir(dir).bindAddress("127.0.0.1").port(0).tlsPort(-1)
                .asrPoolSize(3).arbitrationWindow(java.time.Duration.ofMillis(windowMs)).build();
        try (CicServer server = CicServer.builder().config(config).build().start();
             ClientFactory factory = ClientFactory.builder().idleTimeoutMillis(0).build()) {
            String url = "http://127.0.0.1:" + server.httpPort();
            var client = server.auth().clients().createClient("arbitration-bench");
            List<Device> household3 = devices(server, factory, url, client, "house3", 3);
            List<Device> household2 = devices(server, factory, url, client, "house2", 2);
            List<Device> separate = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                separate.addAll(devices(server, factory, url, client, "alone" + i, 1));
            }
            Map<String, List<Device>> configs = new LinkedHashMap<>();
            configs.put("1 device", separate.subList(0, 1));
            configs.put("2 devices, one account", household2);
            configs.put("2 devices, two accounts (baseline)", separate.subList(0, 2));
            configs.put("3 devices, one account", household3);
            configs.put("3 devices, three accounts (baseline)", separate);
            Map<String, LatencyHistogram> latency = new LinkedHashMap<>();
            Map<String, int[]> wrong = new LinkedHashMap<>();
            configs.keySet().forEach(k -> {
                latency.put(k, new LatencyHistogram());
                wrong.put(k, new int[1]);
            });
            System.out.println(machine());
            for (int r = 0; r < warmup + rounds; r++) {
                for (var c : configs.entrySet()) {
                    boolean oneAccount = c.getKey().contains("one account");
                    long nanos = round(c.getValue(), loud, quiet, oneAccount, wrong.get(c.getKey()));
                    if (r >= warmup && nanos > 0) {
                        latency.get(c.getKey()).recordNanos(nanos);
                    }
                }
            }
            System.out.printf("arbitration-window-ms=%d, %d rounds per row after %d warm-up, interleaved%n",
                    windowMs, rounds, warmup);
            for (var c : configs.keySet()) {
                System.out.println(latency.get(c).summary(String.format("%-38s", c + ":"))
                        + "  wrong answers " + wrong.get(c)[0]);
            }
            System.out.println(machine());
        }
        return 0;
    }

    /** Devices of a new account, each with its own connection and an open downchannel. */
    private List<Device> devices(CicServer server, ClientFactory factory, String url,
                                 dev.opencic.server.auth.ClientCredentials client, String user, int n)
            throws Exception {
        server.auth().accounts().createAccount(user, PASSWORD.toCharArray());
        AccountOptions account = new AccountOptions();
        account.username = user;
        account.password = PASSWORD;
        account.clientId = client.clientId();
        account.clientSecret = client.clientSecret();
        String[] tokens = DeviceTokens.issue(factory, url, account, user + "-", n, n);
        List<Device> out = new ArrayList<>();
        for (String token : tokens) {
            // A connection per device, as separate speakers have.
            WebClient http = WebClient.builder(url.replace("http://", "h2c://"))
                    .factory(ClientFactory.builder().idleTimeoutMillis(0).build())
                    .responseTimeoutMillis(0).maxResponseLength(0).build();
            CompletableFuture<Void> open = new CompletableFuture<>();
            http.execute(RequestHeaders.builder(HttpMethod.GET, "/v1/directives")
                    .add(HttpHeaderNames.AUTHORIZATION, "Bearer " + token).build()).subscribe(new Drain(open));
            open.get(30, TimeUnit.SECONDS);
            out.add(new Device(user, http, token));
        }
        Thread.sleep(200); // the server's open listeners run after the downchannel's headers
        return out;
    }

    /**
     * One utterance heard by every device (the first loud, the others quiet), streamed in real time
     * at once on all; the first device's time from its last chunk to its whole answer, or -1.
     */
    private static long round(List<Device> devices, byte[] loud, byte[] quiet, boolean oneAccount, int[] wrong)
            throws Exception {
        List<HttpRequestWriter> uploads = new ArrayList<>();
        List<MultipartWriter> writers = new ArrayList<>();
        List<CompletableFuture<AggregatedHttpResponse>> answers = new ArrayList<>();
        long[] answeredAt = new long[1];
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            HttpRequestWriter req = HttpRequest.streaming(RequestHeaders.builder(HttpMethod.POST, "/v1/events")
                    .add(HttpHeaderNames.AUTHORIZATION, "Bearer " + d.token())
                    .add(HttpHeaderNames.CONTENT_TYPE, "multipart/form-data; boundary=" + BOUNDARY).build());
            MultipartWriter w = new MultipartWriter(BOUNDARY);
            var payload = MessageCodec.mapper().createObjectNode().put("lang", "en").put("profile", "FAR_FIELD")
                    .put("format", "AUDIO_L16_RATE_16000_CHANNELS_1");
            byte[] metadata = MessageCodec.writeEvent(new Event(new Header("SpeechRecognizer", "Recognize",
                    MessageIds.newId(), MessageIds.newId()), payload, List.of()));
            req.write(HttpData.wrap(w.begin()));
            req.write(HttpData.wrap(w.part(PartHeaders.of("Content-Disposition", "form-data; name=\"metadata\"",
                    "Content-Type", "application/json; charset=UTF-8"), metadata)));
            req.write(HttpData.wrap(w.partHeader(PartHeaders.of("Content-Disposition", "form-data; name=\"audio\"",
                    "Content-Type", "application/octet-stream"))));
            CompletableFuture<AggregatedHttpResponse> answer = d.http().execute(req).aggregate();
            if (i == 0) {
                answer = answer.whenComplete((a, e) -> answeredAt[0] = System.nanoTime());
            }
            uploads.add(req);
            writers.add(w);
            answers.add(answer);
        }
        long start = System.nanoTime();
        long lastChunk = 0;
        for (int off = 0, j = 0; off < loud.length; off += CHUNK_BYTES, j++) {
            long due = start + TimeUnit.MILLISECONDS.toNanos(100L * j);
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            for (int i = 0; i < uploads.size(); i++) {
                byte[] audio = i == 0 ? loud : quiet;
                uploads.get(i).tryWrite(HttpData.wrap(Arrays.copyOfRange(audio, off, Math.min(audio.length, off + CHUNK_BYTES))));
            }
            lastChunk = System.nanoTime();
        }
        for (int i = 0; i < uploads.size(); i++) {
            HttpRequestWriter req = uploads.get(i);
            MultipartWriter w = writers.get(i);
            if (req.tryWrite(HttpData.wrap(w.partEnd())) && req.tryWrite(HttpData.wrap(w.end()))) {
                req.close();
            }
        }
        AggregatedHttpResponse first = answers.get(0).get(60, TimeUnit.SECONDS);
        boolean ok = first.status().code() == 200 && first.contentUtf8().contains("SpeechSynthesizer");
        for (int i = 1; i < answers.size(); i++) {
            boolean answered = answers.get(i).get(60, TimeUnit.SECONDS).contentUtf8().contains("SpeechSynthesizer");
            ok &= answered != oneAccount; // one account: only the loudest answers; else every device does
        }
        if (!ok) {
            wrong[0]++;
            return -1;
        }
        return answeredAt[0] - lastChunk;
    }

    /** flite's slt voice saying the words as 16 kHz 16-bit mono PCM, 0.5 s of silence before, 1 s after. */
    static byte[] speak(String words) throws Exception {
        Path wav = Files.createTempFile("arbitration-bench", ".wav");
        try {
            Process p = new ProcessBuilder("flite", "-voice", "slt", "-t", words, "-o", wav.toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("flite failed (Debian package flite)");
            }
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
            int pos = 12;
            while (pos + 8 <= b.limit()) {
                String id = new String(b.array(), pos, 4, StandardCharsets.US_ASCII);
                int size = b.getInt(pos + 4);
                if (id.equals("data")) {
                    byte[] pcm = Arrays.copyOfRange(b.array(), pos + 8, Math.min(b.limit(), pos + 8 + size));
                    byte[] out = new byte[16_000 + pcm.length + 32_000];
                    System.arraycopy(pcm, 0, out, 16_000, pcm.length);
                    return out;
                }
                pos += 8 + size + (size & 1);
            }
            throw new IllegalStateException("no data chunk in flite's WAV");
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    static byte[] scaled(byte[] pcm, double factor) {
        byte[] out = pcm.clone();
        for (int i = 0; i + 1 < out.length; i += 2) {
            int s = (short) ((out[i + 1] << 8) | (out[i] & 0xff));
            int v = (int) Math.round(s * factor);
            out[i] = (byte) v;
            out[i + 1] = (byte) (v >> 8);
        }
        return out;
    }

    private static String machine() throws java.io.IOException {
        return "machine: " + Runtime.getRuntime().availableProcessors() + " cores, loadavg "
                + Files.readString(Path.of("/proc/loadavg")).strip();
    }

    /** Reads a downchannel and drops what it carries; completes {@code open} with its headers. */
    private static final class Drain implements Subscriber<HttpObject> {
        private final CompletableFuture<Void> open;

        Drain(CompletableFuture<Void> open) {
            this.open = open;
        }

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(HttpObject o) {
            open.complete(null);
        }

        @Override
        public void onError(Throwable t) {
            open.completeExceptionally(t);
        }

        @Override
        public void onComplete() {}
    }
}
