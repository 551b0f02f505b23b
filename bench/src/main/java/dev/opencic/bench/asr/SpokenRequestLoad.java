package dev.opencic.bench.asr;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.util.EventLoopGroups;
import dev.opencic.bench.asr.SpokenResponses.DirectiveListener;
import dev.opencic.bench.asr.SpokenResponses.MultipartReader;
import dev.opencic.bench.asr.SpokenResponses.ResponseListener;
import dev.opencic.bench.asr.SpokenResponses.Seen;
import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.bench.cli.ServerOptions;
import dev.opencic.bench.report.LatencyHistogram;
import dev.opencic.bench.report.MachineLoad;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.multipart.MultipartWriter;
import dev.opencic.protocol.multipart.PartHeaders;
import dev.opencic.server.nlu.IntentMatch;
import dev.opencic.server.nlu.IntentMatcher;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Spoken requests end to end against a running CIC server, as real devices make them: each stream is
 * a device with its own HTTP/2 (h2c, prior knowledge) connection, its own access token and an open
 * downchannel; it streams corpus WAVs as {@code SpeechRecognizer.Recognize} in real time (200 ms
 * chunks every 200 ms, on a fixed schedule), stops sending when {@code StopCapture} arrives on the
 * downchannel (as a device stops its microphone), ends the upload, and reads the multipart event
 * response as it streams. Each stream is one speaker: stream {@code s} says only the utterances of
 * the corpus's {@code s mod V}-th voice (V voices), as a device has one microphone and few users.
 *
 * <p>Measured per utterance (client clock, so both include the network stack on 127.0.0.1):
 * <ul>
 *   <li>{@code stop_ms}: from writing the chunk that holds the last voiced sample to receiving
 *       {@code StopCapture} on the downchannel (a real microphone adds up to one chunk, 200 ms, of
 *       buffering before that chunk can be sent);</li>
 *   <li>{@code speak_ms}: from {@code StopCapture} to the first byte of the {@code Speak} MP3
 *       attachment in the event response.</li>
 * </ul>
 * A stream <em>fell behind</em> when any of its utterances got {@code StopCapture} later than
 * {@code --late-ms} after the last voiced chunk, none at all, or a non-200 response (503 when every
 * recogniser stayed busy). Server CPU is read from {@code /proc/PID/stat} over the run.
 *
 * <p>Percentiles come from {@link LatencyHistogram}; a negative {@code stop_ms} (an endpoint at a
 * pause before the last voiced chunk was sent) counts there as 0 (the per-utterance file keeps it).
 * Options: {@code --help}.
 */
@Command(name = "SpokenRequestLoad", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Spoken requests end to end against a running CIC server: N devices streaming corpus WAVs in real time.")
public final class SpokenRequestLoad implements Callable<Integer> {

    static final int CHUNK_MS = 200;
    static final int CHUNK_BYTES = CHUNK_MS * 32;
    static final String BOUNDARY = "asr-load-boundary-5c1e";

    record Result(int stream, int index, Corpus.Entry e, String dialogRequestId, int status, String recognized,
                  boolean intentOk, double stopMs, double speakMs, int partials, double maxSendLagMs,
                  String error) {}

    @Mixin
    ServerOptions server;

    @Option(names = "--tokens", required = true, paramLabel = "FILE", description = "Device access tokens, one a line, one per stream.")
    Path tokensFile;

    @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "The corpus.tsv of bench/corpus/generate.sh.")
    Path corpusFile;

    @Option(names = "--streams", paramLabel = "N", description = "Concurrent devices (default: ${DEFAULT-VALUE}).")
    int streams = 1;

    @Option(names = "--utterances", paramLabel = "K", description = "Measured utterances per stream (default: ${DEFAULT-VALUE}).")
    int utterances = 10;

    @Option(names = "--warmup", paramLabel = "K", description = "Unmeasured utterances per stream first (default: ${DEFAULT-VALUE}).")
    int warmup = 1;

    @Option(names = "--kinds", split = ",", paramLabel = "KIND", description = "Corpus kinds to say (default: ${DEFAULT-VALUE}).")
    List<String> kinds = List.of("templated", "heldout");

    @Option(names = "--voices", split = ",", paramLabel = "VOICE", description = "Corpus voices to say (default: all).")
    List<String> voices;

    @Option(names = "--server-pid", paramLabel = "PID", description = "The server's process id, for its CPU (default: not measured).")
    long serverPid = -1;

    @Option(names = "--late-ms", paramLabel = "MS", description = "StopCapture later than this behind the last voiced chunk is late (default: ${DEFAULT-VALUE}).")
    int lateMs = 1500;

    @Option(names = "--pause-ms", paramLabel = "MS", description = "Pause between two utterances of a stream (default: ${DEFAULT-VALUE}).")
    int pauseMs = 500;

    @Option(names = "--extra-tail-ms", paramLabel = "MS", description = "Noise sent after a file's end while no StopCapture came (default: ${DEFAULT-VALUE}).")
    int extraTailMs = 2000;

    @Option(names = "--seed", paramLabel = "N", description = "Shuffles the corpus (default: ${DEFAULT-VALUE}).")
    long seed = 7;

    @Option(names = "--out", paramLabel = "FILE", description = "Append one row per utterance to this TSV file.")
    Path out;

    @Option(names = "--label", paramLabel = "L", description = "Label of this run in the output lines and rows (default: none).")
    String label = "";

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new SpokenRequestLoad(), args);
    }

    @Override
    public Integer call() throws Exception {
        String url = server.url;
        List<String> tokens = Files.readAllLines(tokensFile).stream().filter(s -> !s.isBlank()).toList();
        if (tokens.size() < streams) {
            throw new IllegalArgumentException("need " + streams + " tokens, " + tokensFile + " has " + tokens.size());
        }
        List<Corpus.Entry> files = new ArrayList<>();
        for (Corpus.Entry e : Corpus.read(corpusFile)) {
            if (kinds.contains(e.kind()) && (voices == null || voices.contains(e.voice()))) {
                files.add(e);
            }
        }
        Collections.shuffle(files, new Random(seed));
        // A device is one speaker at one microphone: stream s says only voice s mod V's utterances
        // (the server keeps what it learnt of each device's channel between its utterances).
        java.util.TreeMap<String, List<Corpus.Entry>> filesByVoice = new java.util.TreeMap<>();
        for (Corpus.Entry e : files) {
            filesByVoice.computeIfAbsent(e.voice(), k -> new ArrayList<>()).add(e);
        }
        List<List<Corpus.Entry>> speakers = new ArrayList<>(filesByVoice.values());
        IntentMatcher matcher = IntentMatcher.forLanguage("en");
        java.net.URI uri = java.net.URI.create(url);

        EventLoopGroup group = EventLoopGroups.newEventLoopGroup(2);
        ClientFactory factory = ClientFactory.builder().workerGroup(group, false).idleTimeoutMillis(0)
                .maxNumEventLoopsPerEndpoint(1).build();

        List<Result> results = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        final int nStreams = streams, nUtt = utterances, late = lateMs, pause = pauseMs, extra = extraTailMs;
        final int nWarm = warmup;
        // Every stream first says --warmup utterances that are not measured (a fresh server's JIT and
        // decoders are cold), then all start measuring together; CPU is counted from there.
        java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(streams + 1);
        long[] cpu0 = new long[2];
        long[][] machine0 = new long[1][];
        long[] selfCpu0 = new long[1];
        long[] t0 = new long[1];
        String[] loadStart = new String[1];
        for (int s = 0; s < streams; s++) {
            final int stream = s;
            Endpoint endpoint = Endpoint.of("d" + s + ".asr", uri.getPort()).withIpAddr(uri.getHost());
            WebClient client = WebClient.builder(SessionProtocol.H2C, endpoint).factory(factory)
                    .responseTimeoutMillis(0).maxResponseLength(0).build();
            String token = tokens.get(s);
            Thread t = new Thread(() -> {
                try {
                    // streams that share a voice start at different utterances of it
                    List<Corpus.Entry> voice = new ArrayList<>(speakers.get(stream % speakers.size()));
                    Collections.rotate(voice, -(stream / speakers.size()) * nUtt);
                    runStream(client, token, stream, nStreams, nWarm, nUtt, voice, matcher, extra, pause, results,
                            barrier);
                } catch (Exception e) {
                    System.err.println("stream " + stream + " failed: " + e);
                    e.printStackTrace();
                }
            }, "stream-" + s);
            threads.add(t);
            t.start();
        }
        barrier.await(10, TimeUnit.MINUTES);
        loadStart[0] = MachineLoad.loadAverages();
        long[] c0 = MachineLoad.processTicks(serverPid);
        machine0[0] = MachineLoad.machineTicks();
        selfCpu0[0] = MachineLoad.selfCpuNanos();
        t0[0] = System.nanoTime();
        for (Thread t : threads) {
            t.join();
        }
        double wallS = (System.nanoTime() - t0[0]) / 1e9;
        long[] cpu1 = MachineLoad.processTicks(serverPid);
        long[] machine1 = MachineLoad.machineTicks();
        double serverCpuPct = MachineLoad.processCpuPercent(c0, cpu1, wallS);
        double machineBusyPct = machine0[0] == null || machine1 == null ? Double.NaN
                : 100.0 * (1 - (double) (machine1[1] - machine0[0][1]) / (machine1[0] - machine0[0][0]));
        double selfCpuPct = 100.0 * (MachineLoad.selfCpuNanos() - selfCpu0[0]) / 1e9 / wallS;
        String loadEnd = MachineLoad.loadAverages();

        // per stream: fell behind?
        int behind = 0;
        for (int s = 0; s < streams; s++) {
            final int ss = s;
            List<Result> mine = results.stream().filter(r -> r.stream == ss).toList();
            boolean b = mine.size() < utterances || mine.stream().anyMatch(r -> isLate(r, late));
            if (b) {
                behind++;
            }
        }
        LatencyHistogram stop = LatencyHistogram.ofMillis(results.stream().map(Result::stopMs).toList());
        LatencyHistogram speak = LatencyHistogram.ofMillis(results.stream().map(Result::speakMs).toList());
        long non200 = results.stream().filter(r -> r.status != 200).count();
        long s503 = results.stream().filter(r -> r.status == 503).count();
        long noStop = results.stream().filter(r -> r.status == 200 && Double.isNaN(r.stopMs)).count();
        long intentOk = results.stream().filter(Result::intentOk).count();
        double maxLag = results.stream().mapToDouble(Result::maxSendLagMs).max().orElse(0);
        System.out.printf("RESULT label=%s streams=%d utterances=%d stop_p50=%.0f stop_p95=%.0f stop_max=%.0f "
                        + "speak_p50=%.0f speak_p95=%.0f speak_max=%.0f late=%d no_stopcapture=%d non200=%d s503=%d "
                        + "streams_behind=%d intent_ok=%d/%d server_cpu_pct=%.0f machine_busy_pct=%.0f client_cpu_pct=%.0f "
                        + "max_send_lag_ms=%.0f wall_s=%.1f load_start=\"%s\" load_end=\"%s\"%n",
                label, streams, results.size(), stop.percentileMillis(50), stop.percentileMillis(95),
                stop.maxMillis(), speak.percentileMillis(50), speak.percentileMillis(95), speak.maxMillis(),
                results.stream().filter(r -> isLate(r, late)).count(), noStop, non200,
                s503, behind, intentOk, results.size(), serverCpuPct, machineBusyPct, selfCpuPct, maxLag, wallS,
                loadStart[0], loadEnd);
        Map<String, List<Result>> byVoice = new LinkedHashMap<>();
        for (Result r : results) {
            byVoice.computeIfAbsent(r.e.voice(), k -> new ArrayList<>()).add(r);
        }
        for (var v : byVoice.entrySet()) {
            LatencyHistogram st = LatencyHistogram.ofMillis(v.getValue().stream().map(Result::stopMs).toList());
            LatencyHistogram sp = LatencyHistogram.ofMillis(v.getValue().stream().map(Result::speakMs).toList());
            System.out.printf("VOICE label=%s voice=%s n=%d stop_p50=%.0f stop_p95=%.0f speak_p50=%.0f speak_p95=%.0f "
                            + "intent_ok=%d%n", label, v.getKey(), v.getValue().size(), st.percentileMillis(50),
                    st.percentileMillis(95), sp.percentileMillis(50), sp.percentileMillis(95),
                    v.getValue().stream().filter(Result::intentOk).count());
        }
        if (out != null) {
            List<String> rows = new ArrayList<>();
            if (!Files.exists(out)) {
                rows.add("label\tstreams\tstream\tindex\tfile\tvoice\tkind\tintent\ttext\tstatus\trecognized\t"
                        + "intent_ok\tstop_ms\tspeak_ms\tpartials\tmax_send_lag_ms\terror");
            }
            for (Result r : results) {
                rows.add(String.join("\t", label, Integer.toString(streams), Integer.toString(r.stream),
                        Integer.toString(r.index), r.e.file().getFileName().toString(), r.e.voice(), r.e.kind(),
                        r.e.intent(), r.e.text(), Integer.toString(r.status), r.recognized,
                        Boolean.toString(r.intentOk), String.format("%.1f", r.stopMs), String.format("%.1f", r.speakMs),
                        Integer.toString(r.partials), String.format("%.1f", r.maxSendLagMs), r.error));
            }
            Files.write(out, rows, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        factory.close();
        group.shutdownGracefully();
        return 0;
    }

    static boolean isLate(Result r, int lateMs) {
        return r.status != 200 || Double.isNaN(r.stopMs) || r.stopMs > lateMs;
    }

    static void runStream(WebClient client, String token, int stream, int streams, int warmup, int utterances,
                          List<Corpus.Entry> files, IntentMatcher matcher, int extraTailMs, int pauseMs,
                          List<Result> results, java.util.concurrent.CyclicBarrier barrier) throws Exception {
        Map<String, Seen> seen = new ConcurrentHashMap<>();
        CompletableFuture<Integer> downStatus = new CompletableFuture<>();
        HttpResponse down = client.execute(RequestHeaders.builder(HttpMethod.GET, "/v1/directives")
                .add(HttpHeaderNames.AUTHORIZATION, "Bearer " + token).build());
        down.subscribe(new MultipartReader(downStatus, new DirectiveListener(seen)));
        int st = downStatus.get(30, TimeUnit.SECONDS);
        if (st != 200) {
            barrier.reset();
            throw new IllegalStateException("downchannel status " + st);
        }
        Random noise = new Random(stream);
        for (int k = 0; k < warmup; k++) {
            utter(client, token, stream, -1 - k, files.get((stream * 31 + k * 7 + 3) % files.size()), seen, matcher,
                    extraTailMs, noise);
        }
        barrier.await(10, TimeUnit.MINUTES);
        // Stagger the streams so their 200 ms chunks do not all land on the same instant.
        Thread.sleep(stream * (CHUNK_MS + 37L) + stream * 1000L / Math.max(1, streams));
        for (int k = 0; k < utterances; k++) {
            Corpus.Entry e = files.get(k % files.size());
            results.add(utter(client, token, stream, k, e, seen, matcher, extraTailMs, noise));
            Thread.sleep(pauseMs);
        }
        down.abort();
    }

    static Result utter(WebClient client, String token, int stream, int index, Corpus.Entry e,
                        Map<String, Seen> seenMap, IntentMatcher matcher, int extraTailMs, Random noise)
            throws Exception {
        byte[] pcm = Corpus.readPcm(e.file());
        String dialogRequestId = "s" + stream + "-u" + index + "-" + MessageIds.newId();
        Seen seen = new Seen();
        seenMap.put(dialogRequestId, seen);

        RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, "/v1/events")
                .add(HttpHeaderNames.AUTHORIZATION, "Bearer " + token)
                .add(HttpHeaderNames.CONTENT_TYPE, "multipart/form-data; boundary=" + BOUNDARY).build();
        HttpRequestWriter req = HttpRequest.streaming(headers);
        MultipartWriter w = new MultipartWriter(BOUNDARY);
        var payload = MessageCodec.mapper().createObjectNode().put("lang", "en").put("profile", "CLOSE_TALK")
                .put("format", "AUDIO_L16_RATE_16000_CHANNELS_1");
        byte[] metadata = MessageCodec.writeEvent(new Event(new Header("SpeechRecognizer", "Recognize",
                MessageIds.newId(), dialogRequestId), payload, List.of()));
        req.write(HttpData.wrap(w.begin()));
        req.write(HttpData.wrap(w.part(PartHeaders.of("Content-Disposition", "form-data; name=\"metadata\"",
                "Content-Type", "application/json; charset=UTF-8"), metadata)));
        req.write(HttpData.wrap(w.partHeader(PartHeaders.of("Content-Disposition", "form-data; name=\"audio\"",
                "Content-Type", "application/octet-stream"))));
        CompletableFuture<Integer> status = new CompletableFuture<>();
        ResponseListener answer = new ResponseListener();
        client.execute(req).subscribe(new MultipartReader(status, answer));

        int lastVoicedChunk = (int) Math.max(0, (e.speechEndMs() + CHUNK_MS - 1) / CHUNK_MS - 1);
        int fileChunks = (pcm.length + CHUNK_BYTES - 1) / CHUNK_BYTES;
        int maxChunks = fileChunks + extraTailMs / CHUNK_MS;
        long start = System.nanoTime();
        long lastVoicedSent = 0;
        double maxLag = 0;
        String error = "";
        for (int j = 0; j < maxChunks; j++) {
            long due = start + TimeUnit.MILLISECONDS.toNanos((long) j * CHUNK_MS);
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            maxLag = Math.max(maxLag, (now - due) / 1e6);
            if (seen.stopCaptureNanos.isDone() || answer.done.isDone() || status.isDone() && status.join() != 200) {
                break; // the device stops its microphone
            }
            byte[] chunk;
            if (j < fileChunks) {
                chunk = Arrays.copyOfRange(pcm, j * CHUNK_BYTES, Math.min(pcm.length, (j + 1) * CHUNK_BYTES));
            } else { // more of the same quiet-room noise floor
                chunk = new byte[CHUNK_BYTES];
                for (int i = 0; i < chunk.length; i += 2) {
                    int v = (int) Math.round(noise.nextGaussian() * 18.4); // ~ -65 dBFS
                    chunk[i] = (byte) v;
                    chunk[i + 1] = (byte) (v >> 8);
                }
            }
            if (!req.tryWrite(HttpData.wrap(chunk))) {
                break;
            }
            if (j == lastVoicedChunk) {
                lastVoicedSent = System.nanoTime();
            }
        }
        if (req.tryWrite(HttpData.wrap(w.partEnd())) && req.tryWrite(HttpData.wrap(w.end()))) {
            req.close();
        }
        int code;
        try {
            code = status.get(30, TimeUnit.SECONDS);
            answer.done.get(30, TimeUnit.SECONDS);
        } catch (Exception ex) {
            code = status.isDone() ? status.getNow(-1) : -1;
            error = ex.toString().replace('\t', ' ');
        }
        // StopCapture may trail the answer by a hair on the other stream: give it a moment.
        Long stopAt = null;
        try {
            stopAt = seen.stopCaptureNanos.get(code == 200 ? 2000 : 1, TimeUnit.MILLISECONDS);
        } catch (Exception ignored) {
            // no StopCapture: the endpoint never fired (or the request failed)
        }
        seenMap.remove(dialogRequestId);
        if (stopAt != null && lastVoicedSent == 0) {
            // StopCapture came before the last voiced chunk was sent (an endpoint at a pause in the
            // sentence): measure from when that chunk was due, which gives a negative latency.
            lastVoicedSent = start + TimeUnit.MILLISECONDS.toNanos((long) lastVoicedChunk * CHUNK_MS);
        }
        double stopMs = stopAt == null || lastVoicedSent == 0 ? Double.NaN : (stopAt - lastVoicedSent) / 1e6;
        double speakMs = stopAt == null || answer.firstAudioNanos == 0 ? Double.NaN
                : (answer.firstAudioNanos - stopAt) / 1e6;
        String recognized = seen.recognizedText;
        boolean intentOk = !recognized.isBlank()
                && matcher.match(recognized).map(IntentMatch::intent).orElse("").equals(e.intent());
        return new Result(stream, index, e, dialogRequestId, code, recognized, intentOk, stopMs, speakMs,
                seen.partials, maxLag, error);
    }
}
