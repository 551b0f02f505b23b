package dev.opencic.bench.asr;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.util.EventLoopGroups;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.multipart.ContentTypes;
import dev.opencic.protocol.multipart.MultipartParser;
import dev.opencic.protocol.multipart.MultipartWriter;
import dev.opencic.protocol.multipart.PartHeaders;
import dev.opencic.protocol.multipart.PartListener;
import dev.opencic.server.nlu.IntentMatch;
import dev.opencic.server.nlu.IntentMatcher;
import io.netty.channel.EventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

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
 * <pre>
 * SpokenRequestLoad --url http://127.0.0.1:PORT --tokens FILE --corpus corpus.tsv --streams N
 *                   [--utterances K] [--kinds templated,heldout] [--voices rms,slt,awb,kal16]
 *                   [--server-pid PID] [--late-ms 1500] [--pause-ms 500] [--extra-tail-ms 2000]
 *                   [--seed 7] [--out results.tsv] [--label L]
 * </pre>
 */
public final class SpokenRequestLoad {

    static final int CHUNK_MS = 200;
    static final int CHUNK_BYTES = CHUNK_MS * 32;
    static final String BOUNDARY = "asr-load-boundary-5c1e";

    record Result(int stream, int index, Corpus.Entry e, String dialogRequestId, int status, String recognized,
                  boolean intentOk, double stopMs, double speakMs, int partials, double maxSendLagMs,
                  String error) {}

    /** What the downchannel has seen for one dialogRequestId. */
    static final class Seen {
        final CompletableFuture<Long> stopCaptureNanos = new CompletableFuture<>();
        volatile String recognizedText = "";
        volatile int partials;
    }

    private SpokenRequestLoad() {}

    public static void main(String[] args) throws Exception {
        String url = null, label = "";
        Path tokensFile = null, corpusFile = null, out = null;
        int warmup = 1;
        int streams = 1, utterances = 10, latems = 1500, pauseMs = 500, extraTailMs = 2000;
        long serverPid = -1, seed = 7;
        List<String> kinds = List.of("templated", "heldout");
        List<String> voices = null;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--url" -> { url = v; i++; }
                case "--tokens" -> { tokensFile = Path.of(v); i++; }
                case "--corpus" -> { corpusFile = Path.of(v); i++; }
                case "--streams" -> { streams = Integer.parseInt(v); i++; }
                case "--utterances" -> { utterances = Integer.parseInt(v); i++; }
                case "--warmup" -> { warmup = Integer.parseInt(v); i++; }
                case "--kinds" -> { kinds = List.of(v.split(",")); i++; }
                case "--voices" -> { voices = List.of(v.split(",")); i++; }
                case "--server-pid" -> { serverPid = Long.parseLong(v); i++; }
                case "--late-ms" -> { latems = Integer.parseInt(v); i++; }
                case "--pause-ms" -> { pauseMs = Integer.parseInt(v); i++; }
                case "--extra-tail-ms" -> { extraTailMs = Integer.parseInt(v); i++; }
                case "--seed" -> { seed = Long.parseLong(v); i++; }
                case "--out" -> { out = Path.of(v); i++; }
                case "--label" -> { label = v; i++; }
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        if (url == null || tokensFile == null || corpusFile == null) {
            throw new IllegalArgumentException("--url, --tokens and --corpus are required");
        }
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
        final int nStreams = streams, nUtt = utterances, late = latems, pause = pauseMs, extra = extraTailMs;
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
        loadStart[0] = AsrCorpusBenchmark.loadAverage();
        long[] c0 = cpuTicks(serverPid);
        machine0[0] = machineTicks();
        selfCpu0[0] = processCpuNanos();
        t0[0] = System.nanoTime();
        for (Thread t : threads) {
            t.join();
        }
        double wallS = (System.nanoTime() - t0[0]) / 1e9;
        long[] cpu1 = cpuTicks(serverPid);
        long[] machine1 = machineTicks();
        double serverCpuPct = c0 == null || cpu1 == null ? Double.NaN
                : 100.0 * ((cpu1[0] + cpu1[1]) - (c0[0] + c0[1])) / 100.0 / wallS; // USER_HZ = 100
        double machineBusyPct = machine0[0] == null || machine1 == null ? Double.NaN
                : 100.0 * (1 - (double) (machine1[1] - machine0[0][1]) / (machine1[0] - machine0[0][0]));
        double selfCpuPct = 100.0 * (processCpuNanos() - selfCpu0[0]) / 1e9 / wallS;
        String loadEnd = AsrCorpusBenchmark.loadAverage();

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
        List<Double> stop = results.stream().filter(r -> !Double.isNaN(r.stopMs)).map(Result::stopMs).toList();
        List<Double> speak = results.stream().filter(r -> !Double.isNaN(r.speakMs)).map(Result::speakMs).toList();
        long non200 = results.stream().filter(r -> r.status != 200).count();
        long s503 = results.stream().filter(r -> r.status == 503).count();
        long noStop = results.stream().filter(r -> r.status == 200 && Double.isNaN(r.stopMs)).count();
        long intentOk = results.stream().filter(Result::intentOk).count();
        double maxLag = results.stream().mapToDouble(Result::maxSendLagMs).max().orElse(0);
        System.out.printf("RESULT label=%s streams=%d utterances=%d stop_p50=%.0f stop_p95=%.0f stop_max=%.0f "
                        + "speak_p50=%.0f speak_p95=%.0f speak_max=%.0f late=%d no_stopcapture=%d non200=%d s503=%d "
                        + "streams_behind=%d intent_ok=%d/%d server_cpu_pct=%.0f machine_busy_pct=%.0f client_cpu_pct=%.0f "
                        + "max_send_lag_ms=%.0f wall_s=%.1f load_start=\"%s\" load_end=\"%s\"%n",
                label, streams, results.size(), Corpus.percentile(stop, 50), Corpus.percentile(stop, 95),
                Corpus.percentile(stop, 100), Corpus.percentile(speak, 50), Corpus.percentile(speak, 95),
                Corpus.percentile(speak, 100), results.stream().filter(r -> isLate(r, late)).count(), noStop, non200,
                s503, behind, intentOk, results.size(), serverCpuPct, machineBusyPct, selfCpuPct, maxLag, wallS,
                loadStart[0], loadEnd);
        Map<String, List<Result>> byVoice = new LinkedHashMap<>();
        for (Result r : results) {
            byVoice.computeIfAbsent(r.e.voice(), k -> new ArrayList<>()).add(r);
        }
        for (var v : byVoice.entrySet()) {
            List<Double> st = v.getValue().stream().filter(r -> !Double.isNaN(r.stopMs)).map(Result::stopMs).toList();
            List<Double> sp = v.getValue().stream().filter(r -> !Double.isNaN(r.speakMs)).map(Result::speakMs).toList();
            System.out.printf("VOICE label=%s voice=%s n=%d stop_p50=%.0f stop_p95=%.0f speak_p50=%.0f speak_p95=%.0f "
                            + "intent_ok=%d%n", label, v.getKey(), v.getValue().size(), Corpus.percentile(st, 50),
                    Corpus.percentile(st, 95), Corpus.percentile(sp, 50), Corpus.percentile(sp, 95),
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
        System.exit(0);
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

    /** Feeds an HTTP response's body to a multipart parser as it streams; reports the status. */
    static final class MultipartReader implements Subscriber<HttpObject> {
        private final CompletableFuture<Integer> status;
        private final PartCollector listener;
        private MultipartParser parser;

        MultipartReader(CompletableFuture<Integer> status, PartCollector listener) {
            this.status = status;
            this.listener = listener;
        }

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(HttpObject obj) {
            try {
                if (obj instanceof ResponseHeaders h) {
                    if (h.status().isInformational()) {
                        return;
                    }
                    String ct = h.get(HttpHeaderNames.CONTENT_TYPE);
                    if (ct != null && ct.startsWith("multipart/")) {
                        parser = MultipartParser.builder(ContentTypes.boundaryOf(ct), listener)
                                .maxParts(Integer.MAX_VALUE).build();
                    }
                    status.complete(h.status().code());
                } else if (obj instanceof HttpData d) {
                    if (parser != null) {
                        parser.feed(ByteBuffer.wrap(d.array()));
                    }
                }
            } catch (Exception e) {
                listener.done.completeExceptionally(e);
            }
        }

        @Override
        public void onError(Throwable t) {
            status.completeExceptionally(t);
            listener.done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            status.complete(-1);
            listener.done.complete(null);
        }
    }

    /** Collects parts; subclasses look at them as they arrive. */
    abstract static class PartCollector implements PartListener {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        PartHeaders headers;
        ByteArrayOutputStream body;

        @Override
        public void onPartBegin(PartHeaders h) {
            headers = h;
            body = new ByteArrayOutputStream();
        }

        @Override
        public void onPartData(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            body.writeBytes(b);
        }

        boolean isJson() {
            String ct = headers.contentType();
            return ct != null && ct.startsWith("application/json");
        }
    }

    /** The downchannel: StopCapture and partials by dialogRequestId, with arrival times. */
    static final class DirectiveListener extends PartCollector {
        private final Map<String, Seen> seen;

        DirectiveListener(Map<String, Seen> seen) {
            this.seen = seen;
        }

        @Override
        public void onPartEnd() {
            long now = System.nanoTime();
            if (!isJson()) {
                return;
            }
            try {
                Directive d = MessageCodec.readDirective(body.toByteArray());
                Seen s = d.dialogRequestId() == null ? null : seen.get(d.dialogRequestId());
                if (s == null) {
                    return;
                }
                if (d.name().equals("ShowRecognizedText")) {
                    s.partials++;
                } else if (d.name().equals("StopCapture")) {
                    var t = d.payload().get("recognizedText");
                    s.recognizedText = t == null ? "" : t.asText();
                    s.stopCaptureNanos.complete(now);
                }
            } catch (Exception e) {
                System.err.println("bad downchannel part: " + e);
            }
        }
    }

    /** The event response: when the first byte of an audio attachment (the Speak MP3) arrives. */
    static final class ResponseListener extends PartCollector {
        volatile long firstAudioNanos;
        private boolean audioPart;

        @Override
        public void onPartBegin(PartHeaders h) {
            super.onPartBegin(h);
            String ct = h.contentType();
            audioPart = ct != null && (ct.startsWith("audio/") || ct.startsWith("application/octet-stream"));
        }

        @Override
        public void onPartData(ByteBuffer data) {
            if (audioPart && firstAudioNanos == 0 && data.hasRemaining()) {
                firstAudioNanos = System.nanoTime();
            }
            super.onPartData(data);
        }

        @Override
        public void onPartEnd() {}
    }

    /** utime and stime of a process in clock ticks, or null. */
    static long[] cpuTicks(long pid) {
        if (pid <= 0) {
            return null;
        }
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (Exception e) {
            return null;
        }
    }

    /** Total and idle (idle + iowait) jiffies of the whole machine, or null. */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (Exception e) {
            return null;
        }
    }

    static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }
}
