package dev.opencic.server.speech.asr.adaptation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acoustic adaptation per channel (device): the utterances a device's user was understood in are
 * kept with their words, and every {@code every} new ones the acoustic model is adapted to that
 * device (its room, its noise, its voices) with an MLLR transform estimated on its newest
 * {@value #KEPT} ({@link MllrEstimation}). Sessions of that channel then decode with the transform
 * ({@link #transformOf}); other channels never see it.
 *
 * <p>Why: in a reverberant room with 20 dB of noise no front-end or endpointing setting moved
 * recognition from about 15 % of commands understood, and one global MLLR transform from nine of a
 * talker's utterances in that room doubled it (issue 24, docs/benchmarks-asr.md).
 *
 * <p>On disk under the directory given: one directory per channel, named by a hash of the channel
 * (device names never become paths), holding the newest utterances as WAV files with their words
 * and the channel's transform. Voice recordings are personal data: the feature is off unless the
 * operator turns it on ({@code asr-adaptation=N}), only the newest {@value #KEPT} of a device are
 * kept, and nothing leaves the node. Storing and adapting run on one background thread at the lowest CPU priority,
 * behind a bounded queue: when it is full, new utterances are dropped (counted), never waited for.
 */
public final class ChannelAdaptation implements AutoCloseable {

    /** Utterances kept per channel, newest first; the transform is estimated on all of them. */
    public static final int KEPT = 40;
    /** New understood utterances after which a channel is adapted again. */
    public static final int DEFAULT_EVERY = 10;
    /** Longest utterance kept, in bytes of 16 kHz 16-bit PCM (15 s). */
    static final int MAX_PCM_BYTES = 15 * 32_000;
    private static final int QUEUE = 64;
    private static final String IDENTITY = "identity.mllr";
    private static final Logger log = LoggerFactory.getLogger(ChannelAdaptation.class);

    /** What the recogniser's dictionary holds: a pronunciation file and words added to it. */
    public record Words(Path dictionary, Map<String, String> added) {}

    private final Path dir;
    private final Path acousticModel;
    private final int every;
    private final Supplier<Words> words;
    private final Path identity;
    private final String unavailable;
    private final Map<String, Path> transforms = new ConcurrentHashMap<>();
    /** Per channel, the newest utterance of its last adaptation that failed: counted from there again. */
    private final Map<String, Long> failedAt = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor worker;
    private final Counter kept;
    private final Counter dropped;
    private final Counter adapted;
    private final Counter failed;

    private ChannelAdaptation(Path dir, Path acousticModel, int every, Supplier<Words> words, Path identity,
            String unavailable, MeterRegistry meters) {
        this.dir = dir;
        this.acousticModel = acousticModel;
        this.every = every;
        this.words = words;
        this.identity = identity;
        this.unavailable = unavailable;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "asr-adaptation");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        this.kept = Counter.builder("cic.asr.adaptation.utterances").tag("outcome", "kept")
                .description("Understood utterances kept to adapt the recogniser to their device").register(meters);
        this.dropped = Counter.builder("cic.asr.adaptation.utterances").tag("outcome", "dropped")
                .description("Understood utterances dropped: adaptation was busy or off").register(meters);
        this.adapted = Counter.builder("cic.asr.adaptation.runs").tag("outcome", "adapted")
                .description("Acoustic adaptations of a device").register(meters);
        this.failed = Counter.builder("cic.asr.adaptation.runs").tag("outcome", "failed")
                .description("Acoustic adaptations of a device").register(meters);
        Gauge.builder("cic.asr.adaptation.devices", transforms, Map::size)
                .description("Devices the recogniser decodes with their own acoustic adaptation").register(meters);
    }

    /**
     * Loads the transforms adapted before and prepares the directory. Never throws for a missing
     * sphinxtrain: transforms adapted earlier still apply, and {@link #unavailableReason()} says
     * why no new one is made.
     *
     * @param acousticModel the en-us model directory (mdef, sendump, means, variances, feat.params)
     * @param every new understood utterances per adaptation (at least 3)
     */
    public static ChannelAdaptation start(Path dir, Path acousticModel, int every, Supplier<Words> words,
            MeterRegistry meters) throws IOException {
        if (every < 3) {
            throw new IllegalArgumentException("adapt after at least 3 utterances, not " + every);
        }
        Files.createDirectories(dir);
        Path identity = dir.resolve(IDENTITY);
        MllrTransform.writeIdentity(identity, MllrTransform.streamLengths(acousticModel.resolve("means")));
        String unavailable = MllrEstimation.missingTools().orElse("");
        if (!unavailable.isEmpty()) {
            log.warn("event=AdaptationUnavailable reason=\"{}\"", unavailable);
        }
        ChannelAdaptation a = new ChannelAdaptation(dir, acousticModel, every, words, identity, unavailable, meters);
        try (Stream<Path> channels = Files.list(dir)) {
            for (Path c : channels.filter(Files::isDirectory).toList()) {
                newestTransform(c).ifPresent(t -> a.transforms.put(c.getFileName().toString(), t));
            }
        }
        log.info("event=AdaptationStarted dir={} devices={} every={}", dir, a.transforms.size(), every);
        return a;
    }

    /** The transform that gives a decoder back the model as shipped. */
    public Path identity() {
        return identity;
    }

    /** Why no new transform can be made here (sphinxtrain missing); empty when it can. */
    public String unavailableReason() {
        return unavailable;
    }

    /** The channel's own transform, or null when it has none (yet). */
    public Path transformOf(String channel) {
        return channel == null ? null : transforms.get(key(channel));
    }

    /**
     * Keeps an utterance the user was understood in, with the words understood, and adapts the
     * channel when enough new ones came. Returns at once; the work runs in the background.
     */
    public void learn(String channel, byte[] pcm, String understood) {
        if (channel == null || understood == null || understood.isBlank() || pcm.length < 3200
                || pcm.length > MAX_PCM_BYTES || !unavailable.isEmpty()) {
            dropped.increment();
            return;
        }
        byte[] audio = pcm.clone();
        try {
            worker.execute(() -> keep(channel, audio, understood.strip()));
        } catch (RejectedExecutionException e) {
            dropped.increment(); // busy adapting, or closed: this utterance is not needed
        }
    }

    /** Whether nothing is waiting to be kept or adapted (for benchmarks that decode after each step). */
    public boolean idle() {
        return worker.getQueue().isEmpty() && worker.getActiveCount() == 0;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    private void keep(String channel, byte[] pcm, String understood) {
        String key = key(channel);
        Path channelDir = dir.resolve(key);
        try {
            Files.createDirectories(channelDir);
            List<Long> utterances = utterances(channelDir);
            long seq = utterances.isEmpty() ? 1 : utterances.get(utterances.size() - 1) + 1;
            Files.writeString(channelDir.resolve(seq + ".txt"), understood, StandardCharsets.UTF_8);
            Files.write(channelDir.resolve(seq + ".wav"), Wav.of(pcm));
            kept.increment();
            utterances.add(seq);
            while (utterances.size() > KEPT) {
                long oldest = utterances.remove(0);
                Files.deleteIfExists(channelDir.resolve(oldest + ".wav"));
                Files.deleteIfExists(channelDir.resolve(oldest + ".txt"));
            }
            // a failed adaptation is tried again only after as many new utterances, not at every one
            long adaptedAt = Math.max(newestTransform(channelDir).map(ChannelAdaptation::sequenceOf).orElse(0L),
                    failedAt.getOrDefault(key, 0L));
            long fresh = utterances.stream().filter(s -> s > adaptedAt).count();
            if (fresh >= every) {
                adapt(channel, key, channelDir, utterances, seq);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("event=AdaptationStoreFailed device={} dir={} cause=\"{}\"", channel, key, e.toString());
        }
    }

    private void adapt(String channel, String key, Path channelDir, List<Long> utterances, long seq) throws IOException {
        long t0 = System.nanoTime();
        Path scratch = Files.createTempDirectory(dir, "run-");
        try {
            List<MllrEstimation.Sample> samples = new ArrayList<>();
            for (long s : utterances) {
                samples.add(new MllrEstimation.Sample(channelDir.resolve(s + ".wav"),
                        Files.readString(channelDir.resolve(s + ".txt"), StandardCharsets.UTF_8)));
            }
            Path model = SphinxTrainModel.prepare(acousticModel, dir.resolve("model"));
            Path out = channelDir.resolve("transform-" + seq + ".mllr");
            Path tmp = channelDir.resolve("transform-" + seq + ".tmp");
            new MllrEstimation(acousticModel, model, pronunciations(words.get())).estimate(samples, scratch, tmp);
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            Path previous = transforms.put(key, out);
            // one generation back stays: a session may be about to read it
            try (Stream<Path> old = Files.list(channelDir)) {
                for (Path p : old.filter(p -> p.getFileName().toString().startsWith("transform-")
                        && !p.equals(out) && !p.equals(previous)).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            adapted.increment();
            log.info("event=DeviceAdapted device={} dir={} utterances={} ms={}", channel, key, samples.size(),
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            failed.increment();
            failedAt.put(key, seq);
            log.warn("event=AdaptationFailed device={} dir={} utterances={} cause=\"{}\"", channel, key, utterances.size(),
                    e.getMessage());
        } finally {
            deleteTree(scratch);
        }
    }

    /** Every pronunciation of the dictionary and the added words, word → phones (variants in order). */
    static Map<String, List<String>> pronunciations(Words words) throws IOException {
        Map<String, List<String>> all = new HashMap<>();
        try (Stream<String> lines = Files.lines(words.dictionary(), StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                int space = line.indexOf(' ');
                if (space > 0) {
                    String word = line.substring(0, space).replaceAll("\\(\\d+\\)$", "");
                    all.computeIfAbsent(word, w -> new ArrayList<>()).add(line.substring(space + 1).strip());
                }
            });
        }
        words.added().forEach((word, phones) -> all.computeIfAbsent(word, w -> new ArrayList<>()).add(phones));
        return all;
    }

    private static List<Long> utterances(Path channelDir) throws IOException {
        try (Stream<Path> files = Files.list(channelDir)) {
            return new ArrayList<>(files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+\\.wav"))
                    .map(n -> Long.parseLong(n.substring(0, n.length() - 4))).sorted().toList());
        }
    }

    private static Optional<Path> newestTransform(Path channelDir) {
        try (Stream<Path> files = Files.list(channelDir)) {
            return files.filter(p -> p.getFileName().toString().matches("transform-\\d+\\.mllr"))
                    .max(Comparator.comparingLong(ChannelAdaptation::sequenceOf));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long sequenceOf(Path transform) {
        String n = transform.getFileName().toString();
        return Long.parseLong(n.substring("transform-".length(), n.length() - ".mllr".length()));
    }

    /** The name of the channel's directory: a hash, so that no device name becomes a path. */
    public static String key(String channel) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(channel.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("event=AdaptationDeleteFailed dir={} cause=\"{}\"", root, e.toString());
        }
    }
}
