package dev.opencic.bench.asr;

import dev.opencic.bench.cli.BenchCommandLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The spoken corpus for recognition in rooms (issue 24): a phrasings file (the held-out format) spoken
 * with the flite voices and rendered in each {@link RoomCondition} — synthetic rooms, pink noise,
 * babble of other talkers, synthesised music, at given SNRs, plus other pitches and paces. Pure Java
 * after flite ({@link RoomAcoustics}); seeded, so the same command writes the same files.
 *
 * <p>Each phrasing is spoken by one voice (the voices taken in turn down the file) in every condition,
 * so the conditions differ only in the condition. The output is a {@code corpus.tsv} that
 * {@link AsrCorpusBenchmark} reads, with the <b>condition in the {@code voice} column</b> (its tables
 * are then per condition; the flite voice is in the file name) and kind {@code heldout}; files are
 * {@code CONDITION/NNN-VOICE-INTENT.wav}.
 *
 * <p>SNR is the speech's power over its voiced stretch (after the room) against the noise's mean power
 * over the whole file; the noise runs from the first sample to the last, lead and tail silences
 * included, as a TV does. Reverberant speech is re-levelled to the dry speech's power. Every file also
 * carries the -65 dBFS noise floor of {@link CorpusGenerator}.
 */
@Command(name = "RoomCorpusGenerator", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Speaks a phrasings file with the flite voices in rooms, noise, babble, music and other pitches and paces (corpus.tsv per condition).")
public final class RoomCorpusGenerator implements Callable<Integer> {

    @Option(names = "--phrasings", required = true, paramLabel = "FILE",
            description = "utterance<TAB>intent<TAB>slots lines, e.g. bench/corpus/rooms/dev-phrasings.tsv.")
    Path phrasings;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the WAVs (one directory per condition) and corpus.tsv go.")
    Path out;

    @Option(names = "--voices", split = ",", paramLabel = "VOICE", description = "flite voices, taken in turn (default: ${DEFAULT-VALUE}).")
    List<String> voices = List.of("rms", "slt", "awb", "kal16");

    @Option(names = "--conditions", split = ",", paramLabel = "COND",
            description = "Conditions (default: all of RoomCondition.DEFAULTS): clean, reverb-small|medium|large, "
                    + "pink-N|babble-N|music-N, pitch+C|pitch-C, tempo-X, or parts joined by +.")
    List<String> conditions = RoomCondition.DEFAULTS;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N phrasings (default: all).")
    int limit = Integer.MAX_VALUE;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of rooms, noise and babble (default: ${DEFAULT-VALUE}).")
    long seed = 20261207L;

    @Option(names = "--babble", paramLabel = "FILE", description = "Sentences the babble talkers say (default: ${DEFAULT-VALUE}).")
    Path babbleFile = Path.of("bench/corpus/rooms/babble-sentences.txt");

    @Option(names = "--heldout-dir", paramLabel = "DIR",
            description = "Held-out files no phrasing may repeat (default: ${DEFAULT-VALUE}).")
    Path heldoutDir = Path.of("server/src/test/resources/nlu/en/heldout");

    @Option(names = "--lead-ms", paramLabel = "MS", description = "Silence (noise) before the speech (default: ${DEFAULT-VALUE}).")
    int leadMs = 500;

    @Option(names = "--tail-ms", paramLabel = "MS", description = "Silence (noise) after the speech (default: ${DEFAULT-VALUE}).")
    int tailMs = 1500;

    private static final int BABBLE_TALKERS = 4;
    private static final double NOISE_FLOOR_DBFS = -65;

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new RoomCorpusGenerator(), args);
    }

    @Override
    public Integer call() throws Exception {
        List<RoomCondition> conds = conditions.stream().map(RoomCondition::parse).toList();
        List<CorpusGenerator.Item> items = CorpusGenerator.heldoutLines(phrasings);
        items = items.subList(0, Math.min(limit, items.size()));
        refuseHeldOutLines(items);
        Path outDir = out.toAbsolutePath();
        Files.createDirectories(outDir);
        Path tmp = Files.createTempDirectory("rooms-flite");
        long t0 = System.nanoTime();
        List<double[]> babblePool = conds.stream().anyMatch(c -> c.noise() == RoomCondition.Noise.BABBLE)
                ? babblePool(tmp) : List.of();
        Map<String, short[]> spoken = new HashMap<>();
        List<String> rows = new ArrayList<>();
        rows.add(Corpus.HEADER);
        for (int ci = 0; ci < conds.size(); ci++) {
            RoomCondition c = conds.get(ci);
            Files.createDirectories(outDir.resolve(c.name()));
            for (int i = 0; i < items.size(); i++) {
                CorpusGenerator.Item it = items.get(i);
                String voice = voices.get(i % voices.size());
                String key = voice + "|" + c.durationStretch() + "|" + it.text();
                short[] dry = spoken.get(key);
                if (dry == null) {
                    dry = CorpusGenerator.synthesise(voice, it.text(), tmp, c.durationStretch());
                    spoken.put(key, dry);
                }
                Random random = new Random(seed ^ (i * 0x9E3779B97F4A7C15L) ^ c.name().hashCode());
                Rendered r = render(c, RoomAcoustics.toDouble(dry), random, babblePool);
                Path file = outDir.resolve(String.format("%s/%03d-%s-%s.wav", c.name(), i, voice,
                        it.intent().isEmpty() ? "none" : it.intent()));
                short[] pcm = RoomAcoustics.toPcm(r.samples);
                Corpus.writeWav(file, pcm);
                rows.add(new Corpus.Entry(file, c.name(), it.text(), it.intent(), it.slotsJson(), "heldout",
                        r.speechFrom / 16, r.speechTo / 16, pcm.length / 16, "").row(outDir));
            }
            System.out.printf("%-26s %d files%n", c.name(), items.size());
        }
        Files.write(outDir.resolve("corpus.tsv"), rows, StandardCharsets.UTF_8);
        try (var s = Files.list(tmp)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(tmp);
        System.out.printf("wrote %d files (%d phrasings x %d conditions, voices %s) and %s in %.1f s%n",
                rows.size() - 1, items.size(), conds.size(), voices, outDir.resolve("corpus.tsv"),
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /** Samples of one file and where the (dry) speech lies in them. */
    record Rendered(double[] samples, int speechFrom, int speechTo) {}

    /** One phrasing in one condition: pace and pitch, padding, room, noise, noise floor. */
    Rendered render(RoomCondition c, double[] speech, Random random, List<double[]> babblePool) {
        if (c.playbackSpeed() != 1.0) {
            speech = RoomAcoustics.resample(speech, c.playbackSpeed());
        }
        int[] bounds = CorpusGenerator.voicedBounds(RoomAcoustics.toPcm(speech));
        int lead = leadMs * 16;
        double[] all = new double[lead + speech.length + tailMs * 16];
        System.arraycopy(speech, 0, all, lead, speech.length);
        int from = lead + bounds[0], to = lead + bounds[1];
        if (c.room() != null) {
            double dryPower = RoomAcoustics.power(all, from, to);
            double[] h = RoomAcoustics.impulseResponse(c.room().rt60Seconds, c.room().drrDb, random);
            double[] wet = RoomAcoustics.convolve(all, h);
            double gain = Math.sqrt(dryPower / RoomAcoustics.power(wet, from, to));
            for (int i = 0; i < all.length; i++) {
                all[i] = wet[i] * gain;
            }
        }
        if (c.noise() != null) {
            double[] noise = switch (c.noise()) {
                case PINK -> RoomAcoustics.pinkNoise(all.length, random);
                case MUSIC -> RoomAcoustics.music(all.length, random);
                case BABBLE -> babble(all.length, babblePool, random);
            };
            RoomAcoustics.addAtSnr(all, noise, c.snrDb(), from, to);
        }
        double sigma = Math.pow(10, NOISE_FLOOR_DBFS / 20);
        for (int i = 0; i < all.length; i++) {
            all[i] += random.nextGaussian() * sigma;
        }
        return new Rendered(all, from, to);
    }

    /** Every babble sentence in every voice, each scaled to unit power over its voiced stretch. */
    private List<double[]> babblePool(Path tmp) throws IOException, InterruptedException {
        List<double[]> pool = new ArrayList<>();
        for (String line : Files.readAllLines(babbleFile, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            for (String voice : voices) {
                short[] s = CorpusGenerator.synthesise(voice, line.strip(), tmp);
                int[] b = CorpusGenerator.voicedBounds(s);
                double[] d = RoomAcoustics.toDouble(s);
                double g = 1 / Math.sqrt(Math.max(1e-12, RoomAcoustics.power(d, b[0], b[1])));
                for (int i = 0; i < d.length; i++) {
                    d[i] *= g;
                }
                pool.add(d);
            }
        }
        if (pool.isEmpty()) {
            throw new IOException(babbleFile + ": no sentences for the babble");
        }
        return pool;
    }

    /** {@value #BABBLE_TALKERS} talkers at once, each saying pool sentences one after another with short pauses. */
    static double[] babble(int length, List<double[]> pool, Random random) {
        double[] out = new double[length];
        for (int t = 0; t < BABBLE_TALKERS; t++) {
            int at = -random.nextInt(3 * RoomAcoustics.RATE);
            while (at < length) {
                double[] s = pool.get(random.nextInt(pool.size()));
                for (int i = 0; i < s.length; i++) {
                    if (at + i >= 0 && at + i < length) {
                        out[at + i] += s[i];
                    }
                }
                at += s.length + (int) ((0.1 + 0.3 * random.nextDouble()) * RoomAcoustics.RATE);
            }
        }
        return out;
    }

    private void refuseHeldOutLines(List<CorpusGenerator.Item> items) throws IOException {
        if (!Files.isDirectory(heldoutDir)) {
            return;
        }
        Set<String> heldout = new HashSet<>();
        try (var s = Files.list(heldoutDir)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".tsv")).toList()) {
                CorpusGenerator.heldoutLines(f).forEach(it -> heldout.add(it.text()));
            }
        }
        for (CorpusGenerator.Item it : items) {
            if (heldout.contains(it.text())) {
                throw new IllegalArgumentException(phrasings + ": '" + it.text() + "' is also a line of "
                        + heldoutDir + ": the room sets must be phrasings of their own");
            }
        }
    }
}
