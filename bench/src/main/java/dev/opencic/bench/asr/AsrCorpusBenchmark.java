package dev.opencic.bench.asr;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.bench.report.MachineLoad;
import dev.opencic.server.nlu.IntentMatch;
import dev.opencic.server.nlu.IntentMatcher;
import dev.opencic.server.nlu.PersonalWords;
import dev.opencic.server.nlu.SentenceGenerator;
import dev.opencic.server.nlu.SlotExamples;
import dev.opencic.server.nlu.TextNormalizer;
import dev.opencic.server.speech.TemplateHypothesisSelector;
import dev.opencic.server.speech.asr.HypothesisSelector;
import dev.opencic.server.speech.asr.PocketSphinxEngine;
import dev.opencic.server.speech.asr.RecognitionResult;
import dev.opencic.server.speech.asr.RecognitionSession;
import dev.opencic.server.speech.asr.RecognitionUpdate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Recognition accuracy, real-time factor and endpointing on the generated corpus, with the engine
 * built exactly as {@code CicServer} builds it (PocketSphinx, domain trigram from
 * {@code SentenceGenerator.recognizerCorpus(matcher, "en")} interpolated with en-us, defaults for
 * everything else). Each file is decoded like the server decodes a Recognize upload, as fast as
 * possible: 200 ms chunks, stop at the first chunk where {@code endOfSpeech} fires (or at the end of
 * the file), then {@code finish()} (which, as in the server, lets {@code TemplateHypothesisSelector}
 * choose among the N-best texts); the recognised text goes through {@code IntentMatcher.match}.
 *
 * <p>Endpoint latency = end of the chunk where endOfSpeech fired − last voiced sample (known from the
 * generator), in audio time, so it includes the 200 ms chunk granularity the server sees.
 *
 * <p>Options ({@code --help} lists them all): as the recorded commands in {@code docs/benchmarks-asr.md}.
 * {@code --words} gives the recogniser a household's own names, as the server's {@code asr-words}
 * does ({@code PersonalWords}); {@code --frames-per-name} sets how many sentences each is taught in.
 * {@code --domain-weight}, {@code --per-slot-template} and {@code --extra-sentences} (one sentence a
 * line, added to the domain corpus, as a skill module's own names are through {@code slotExamples()}) try
 * other ways of building the language model; without them the engine is the server's.
 * {@code --selector none} turns off the server's N-best choice ({@code TemplateHypothesisSelector}),
 * {@code --nbest} and {@code --margin} change it; {@code --replay} re-chooses every file's text from
 * the alternatives recorded in the {@code --results} of an earlier run, without decoding (seconds
 * instead of minutes, for trying selection rules; timing columns are the recorded ones).
 * {@code --vocabulary N} sets how many of the general model's words the search keeps (0 = the whole
 * dictionary); {@code --model-dir} points at another PocketSphinx model directory.
 * {@code --ps NAME=VALUE} (repeatable) sets a PocketSphinx search option ({@code -lw=8}, {@code -beam=1e-60}).
 * {@code --channels voice} makes each voice one device: its files are decoded one after the other, each
 * starting from the channel (cepstral mean) the previous one left, as the server does for a device;
 * the default {@code none} decodes every file as a device's first utterance.
 * {@code --energy-endpointing true} turns on the engine's own energy detector
 * ({@code EnergySpeechDetector}: the utterance restarted at the talker's onset, every frame decoded,
 * endpoints from it); {@code --preprocess agc,denoise} cleans each file first as a device would
 * ({@link UploadAudioCleaner}). Both were measured in issue 24's session 3 and are off by default.
 */
@Command(name = "AsrCorpusBenchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Recognition accuracy, real-time factor and endpointing on the generated corpus, engine built as the server builds it.")
public final class AsrCorpusBenchmark implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Outcome(Corpus.Entry e, String hyp, int refWords, int errors, String gotIntent, String gotSlots,
                   boolean intentOk, boolean slotsOk, double rtf, double endpointMs, boolean endpointFired,
                   long wallNanos, double finishMs, boolean textPathIntentOk, double cpuRtf,
                   boolean textPathSlotsOk, int spanWords, int spanErrors, List<String> alternatives,
                   boolean resolvedSlotsOk, double asrConfidence, double intentConfidence) {}

    /** The slots holding times, dates and durations: compared as resolved values by {@link #sameMeaning}. */
    static final java.util.Set<String> TIME_SLOTS = java.util.Set.of("time", "duration", "when", "day");
    private static final java.time.ZonedDateTime RESOLVE_AT =
            java.time.ZonedDateTime.of(2026, 11, 24, 12, 0, 0, 0, java.time.ZoneOffset.UTC);

    @Mixin
    AsrCorpusOptions options;

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new AsrCorpusBenchmark(), args);
    }

    @Override
    public Integer call() throws Exception {
        Path corpus = options.corpus, results = options.results;
        int threads = options.threads, chunkMs = options.chunkMs, limit = options.limit;
        List<String> voices = options.voices;
        Double domainWeight = options.domainWeight;
        Integer perSlotTemplate = options.perSlotTemplate;
        Path extraSentences = options.extraSentences;
        PersonalWords words = options.words();
        Integer vocabulary = options.vocabulary;
        boolean channelsByVoice = options.channelsByVoice();
        Set<UploadAudioCleaner.Step> cleanUp = UploadAudioCleaner.parse(options.preprocess);
        Map<String, String> psOptions = options.psOptions;
        Integer nbest = options.nbest;
        List<Corpus.Entry> entries = new ArrayList<>();
        for (Corpus.Entry e : Corpus.read(corpus)) {
            if ((voices == null || voices.contains(e.voice())) && entries.size() < limit) {
                entries.add(e);
            }
        }
        IntentMatcher matcher = IntentMatcher.forLanguage("en");
        HypothesisSelector selector = switch (options.selector) {
            case TEMPLATE -> new TemplateHypothesisSelector(matcher, options.margin);
            case NONE -> null;
        };
        if (options.replay != null) {
            replay(options.replay, entries, matcher, selector, results);
            return 0;
        }
        Path dataDir = Files.createTempDirectory("asr-bench");
        long tb = System.nanoTime();
        // As CicServer builds it (server/src/main/java/dev/opencic/server/CicServer.java), unless told otherwise.
        List<String> domain = new ArrayList<>(perSlotTemplate == null
                ? SentenceGenerator.recognizerCorpus(matcher, SlotExamples.forLanguage("en"), words, "en")
                : SentenceGenerator.sentences(matcher.templates(), SlotExamples.forLanguage("en"), perSlotTemplate));
        if (extraSentences != null) {
            domain.addAll(Files.readAllLines(extraSentences, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList());
        }
        PocketSphinxEngine.Builder builder = PocketSphinxEngine.builder()
                .poolSize(threads)
                .domainSentences(domain)
                .dataDir(dataDir)
                .pronunciations(words.pronunciations())
                .hypothesisSelector(selector);
        if (options.modelDir != null) {
            builder.modelDir(options.modelDir);
        }
        if (vocabulary != null) {
            builder.vocabularySize(vocabulary);
        }
        if (nbest != null) {
            builder.nbestPaths(nbest);
        }
        psOptions.forEach(builder::searchOption);
        if (options.energyEndpointing != null) {
            builder.energyEndpointing(options.energyEndpointing);
        }
        if (domainWeight != null) {
            builder.domainWeight(domainWeight);
        }
        if (options.adaptFrom != null) {
            builder.adaptation(dataDir.resolve("adaptation"), options.adaptEvery);
        }
        PocketSphinxEngine engine = builder.build();
        System.out.printf("language model: %d domain sentences, domain weight %s; hypothesis selector %s, %d paths%n",
                domain.size(), domainWeight == null ? PocketSphinxEngine.DEFAULT_DOMAIN_WEIGHT : domainWeight,
                options.selector.name().toLowerCase(Locale.ROOT), nbest == null ? PocketSphinxEngine.DEFAULT_NBEST_PATHS : nbest);
        System.out.println("search options: -lw " + psOptions.getOrDefault("-lw",
                Double.toString(PocketSphinxEngine.DEFAULT_LANGUAGE_WEIGHT)) + ", -fwdflatlw "
                + psOptions.getOrDefault("-fwdflatlw", Double.toString(PocketSphinxEngine.DEFAULT_SECOND_PASS_LANGUAGE_WEIGHT))
                + (psOptions.isEmpty() ? "" : ", " + psOptions)
                + "; search vocabulary " + (vocabulary == null ? PocketSphinxEngine.DEFAULT_VOCABULARY_SIZE : vocabulary)
                + " general-model words + the domain's; channels " + (channelsByVoice ? "by voice" : "none"));
        if (!engine.isAvailable()) {
            throw new IllegalStateException(engine.unavailableReason());
        }
        System.out.printf("engine: %d decoder(s), built in %.1f s, ~%d MB native heap each, %d words added%n",
                engine.poolSize(), (System.nanoTime() - tb) / 1e9, engine.memoryPerDecoderBytes() >> 20,
                engine.addedWords().size());
        System.out.printf("corpus: %d files, threads %d, chunk %d ms, load average at start %s%n", entries.size(),
                threads, chunkMs, MachineLoad.loadAverages());

        if (options.adaptFrom != null) {
            DeviceAdaptationRun.adapt(engine, matcher, Corpus.read(options.adaptFrom).stream()
                    .filter(e -> voices == null || voices.contains(e.voice())).toList(),
                    options.adaptWith == AsrCorpusOptions.AdaptWith.HEARD, chunkMs * 32, threads);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        final int bytesPerChunk = chunkMs * 32;
        final int chunk = chunkMs;
        final boolean byVoice = channelsByVoice;
        long t0 = System.nanoTime();
        // Without channels every file is its own task. With channels a voice is one device: its files
        // are decoded one after the other, in corpus order, so each starts from the mean its previous
        // one left (and the run is as repeatable as without).
        Map<String, List<Corpus.Entry>> tasks = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Corpus.Entry e = entries.get(i);
            tasks.computeIfAbsent(channelsByVoice ? e.speaker() : Integer.toString(i), k -> new ArrayList<>()).add(e);
        }
        List<List<Corpus.Entry>> order = new ArrayList<>(tasks.values());
        if (options.shuffle != null) {
            // a seeded random order: a run stopped early has decoded a sample of every part of the corpus
            java.util.Collections.shuffle(order, new java.util.Random(options.shuffle));
        }
        // Each row is appended as soon as its file is decoded, so a run stopped early leaves its results
        // (re-read with --replay); the end rewrites the file in corpus order.
        java.io.BufferedWriter partial = results == null ? null : Files.newBufferedWriter(results, StandardCharsets.UTF_8);
        if (partial != null) {
            partial.write(RESULTS_HEADER);
            partial.newLine();
            partial.flush();
        }
        List<Future<List<Outcome>>> futures = new ArrayList<>();
        for (List<Corpus.Entry> task : order) {
            futures.add(pool.submit(() -> {
                List<Outcome> done = new ArrayList<>();
                for (Corpus.Entry e : task) {
                    Outcome o = decode(engine, matcher, e, byVoice ? e.speaker() : null, bytesPerChunk, chunk, cleanUp);
                    done.add(o);
                    if (partial != null) {
                        synchronized (partial) {
                            partial.write(row(o));
                            partial.newLine();
                            partial.flush();
                        }
                    }
                }
                return done;
            }));
        }
        Map<Corpus.Entry, Outcome> byEntry = new java.util.IdentityHashMap<>();
        for (Future<List<Outcome>> f : futures) {
            for (Outcome o : f.get()) {
                byEntry.put(o.e(), o);
            }
        }
        List<Outcome> outcomes = entries.stream().map(byEntry::get).toList();
        pool.shutdown();
        if (partial != null) {
            partial.close();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        System.out.printf("decoded %d files in %.1f s wall; load average at end %s%n%n", outcomes.size(), wall,
                MachineLoad.loadAverages());
        engine.close();

        report(outcomes, !options.hideErrors);
        writeResults(outcomes, results);
        try (var s = Files.walk(dataDir)) { // with --adapt-from, the devices' recordings too
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        return 0;
    }

    static void writeResults(List<Outcome> outcomes, Path results) throws java.io.IOException {
        if (results == null) {
            return;
        }
        List<String> rows = new ArrayList<>();
        rows.add(RESULTS_HEADER);
        for (Outcome o : outcomes) {
            rows.add(row(o));
        }
        Files.write(results, rows, StandardCharsets.UTF_8);
        System.out.println("\nper-file results: " + results);
    }

    static final String RESULTS_HEADER = "file\tvoice\tkind\tintent\ttext\thyp\terrors\tref_words\tgot_intent\tgot_slots\tintent_ok\t"
            + "slots_ok\trtf\tendpoint_ms\tendpoint_fired\tfinish_ms\ttext_path_intent_ok\tcpu_rtf\t"
            + "text_path_slots_ok\tspan_words\tspan_errors\talternatives\tasr_confidence\tintent_confidence";

    private static String row(Outcome o) {
        return String.join("\t", o.e.file().getFileName().toString(), o.e.voice(), o.e.kind(),
                o.e.intent(), o.e.text(), o.hyp, Integer.toString(o.errors), Integer.toString(o.refWords),
                o.gotIntent, o.gotSlots, Boolean.toString(o.intentOk), Boolean.toString(o.slotsOk),
                String.format("%.4f", o.rtf), String.format("%.0f", o.endpointMs),
                Boolean.toString(o.endpointFired), String.format("%.1f", o.finishMs),
                Boolean.toString(o.textPathIntentOk), String.format("%.4f", o.cpuRtf),
                Boolean.toString(o.textPathSlotsOk), Integer.toString(o.spanWords),
                Integer.toString(o.spanErrors), String.join("|", o.alternatives),
                String.format("%.4f", o.asrConfidence), String.format("%.4f", o.intentConfidence));
    }

    /**
     * Re-chooses the text of every file from the alternatives recorded by an earlier run (same
     * corpus, {@code --results} of a run with a selector) with the given selector, without decoding:
     * for trying selection rules in seconds. Timing columns are the recorded ones.
     */
    static void replay(Path recorded, List<Corpus.Entry> entries, IntentMatcher matcher, HypothesisSelector selector,
                       Path results) throws Exception {
        Map<String, Corpus.Entry> byFile = new java.util.HashMap<>();
        for (Corpus.Entry e : entries) {
            byFile.put(e.voice() + "/" + e.file().getFileName(), e);
        }
        List<Outcome> outcomes = new ArrayList<>();
        List<String> lines = Files.readAllLines(recorded, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            Corpus.Entry e = byFile.get(f[1] + "/" + f[0]);
            if (e == null || f.length < 22) {
                continue;
            }
            List<String> alts = f[21].isEmpty() ? List.of() : List.of(f[21].split("\\|"));
            String hyp = alts.isEmpty() ? "" : alts.get(selector == null ? 0 : Math.max(0, Math.min(alts.size() - 1,
                    alts.size() < 2 ? 0 : selector.select(alts))));
            outcomes.add(evaluate(matcher, e, hyp, alts, Double.parseDouble(f[12]), Double.parseDouble(f[13]),
                    Boolean.parseBoolean(f[14]), 0, Double.parseDouble(f[15]), Double.parseDouble(f[17]),
                    f.length > 22 ? Double.parseDouble(f[22]) : Double.NaN));
        }
        System.out.printf("replayed %d files from %s%n%n", outcomes.size(), recorded);
        report(outcomes);
        writeResults(outcomes, results);
    }

    /**
     * The audio as a device-side clean-up ({@link UploadAudioCleaner}) would upload it, run over
     * the device's chunks; the same file when {@code steps} is empty. Not counted in the decoder's time.
     */
    static byte[] cleaned(byte[] pcm, Set<UploadAudioCleaner.Step> steps, int bytesPerChunk) {
        if (steps.isEmpty()) {
            return pcm;
        }
        UploadAudioCleaner cleaner = new UploadAudioCleaner(steps);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(pcm.length);
        for (int off = 0; off < pcm.length; off += bytesPerChunk) {
            out.writeBytes(cleaner.process(pcm, off, Math.min(bytesPerChunk, pcm.length - off)));
        }
        out.writeBytes(cleaner.finish());
        return out.toByteArray();
    }

    static Outcome decode(PocketSphinxEngine engine, IntentMatcher matcher, Corpus.Entry e, String channel,
                          int bytesPerChunk, int chunkMs, Set<UploadAudioCleaner.Step> cleanUp) throws Exception {
        byte[] pcm = cleaned(Corpus.readPcm(e.file()), cleanUp, bytesPerChunk);
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        RecognitionResult r;
        double endpointMs = Double.NaN;
        boolean fired = false;
        long finishNanos;
        try (RecognitionSession s = engine.open("en", Duration.ofMinutes(5), channel).get()) {
            int chunk = 0;
            for (int off = 0; off < pcm.length; off += bytesPerChunk, chunk++) {
                RecognitionUpdate u = s.feed(Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + bytesPerChunk)));
                if (u.endOfSpeech()) {
                    fired = true;
                    endpointMs = (double) u.audioMillis() - e.speechEndMs();
                    break;
                }
            }
            long f0 = System.nanoTime();
            r = s.finish();
            finishNanos = System.nanoTime() - f0;
        }
        long wall = System.nanoTime() - w0;
        // CPU time of this thread (the native decoder runs on it) per audio time: unlike the wall-clock
        // RTF it does not grow when other processes take the cores.
        double cpuRtf = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / Math.max(1, r.audioMillis());
        return evaluate(matcher, e, r.text(), r.alternatives(), r.realTimeFactor(), endpointMs, fired, wall,
                finishNanos / 1e6, cpuRtf, r.confidence());
    }

    static Outcome evaluate(IntentMatcher matcher, Corpus.Entry e, String hyp, List<String> alternatives, double rtf,
                            double endpointMs, boolean fired, long wall, double finishMs, double cpuRtf,
                            double asrConfidence) throws Exception {
        String ref = TextNormalizer.normalize(e.text());
        List<String> refW = Corpus.scoringWords(e.text());
        List<String> hypW = Corpus.scoringWords(hyp);
        int errors = Corpus.wordErrors(refW, hypW);
        int spanWords = 0, spanErrors = 0;
        if (!e.span().isBlank()) {
            String[] ab = e.span().split("-");
            int a = Integer.parseInt(ab[0]), b = Integer.parseInt(ab[1]);
            spanWords = b - a;
            spanErrors = Corpus.spanErrors(refW, hypW, a, b);
        }
        Optional<IntentMatch> m = hyp.isBlank() ? Optional.empty() : matcher.match(hyp);
        String gotIntent = m.map(IntentMatch::intent).orElse("");
        String gotSlots = slotsJson(m);
        boolean intentOk = gotIntent.equals(e.intent());
        boolean slotsOk = intentOk && JSON.readTree(gotSlots).equals(JSON.readTree(e.slotsJson()));
        // What the text path (TextRecognizer) makes of the clean sentence: the ceiling for speech.
        Optional<IntentMatch> clean = matcher.match(ref);
        boolean textPathOk = clean.map(IntentMatch::intent).orElse("").equals(e.intent());
        boolean textPathSlotsOk = textPathOk && JSON.readTree(slotsJson(clean)).equals(JSON.readTree(e.slotsJson()));
        boolean resolvedOk = slotsOk || (intentOk && sameMeaning(gotSlots, e.slotsJson()));
        return new Outcome(e, hyp, refW.size(), errors, gotIntent, gotSlots, intentOk, slotsOk, rtf,
                endpointMs, fired, wall, finishMs, textPathOk, cpuRtf, textPathSlotsOk, spanWords, spanErrors,
                alternatives, resolvedOk, asrConfidence, m.map(IntentMatch::confidence).orElse(0.0));
    }

    /**
     * Whether two slot sets mean the same: the same slots, equal strings except in {@link #TIME_SLOTS},
     * where both values resolve ({@code TimeExpressions.parse} at a fixed moment) to the same moment,
     * day, clock time, duration and recurrence ("three minute" and "three minutes").
     */
    static boolean sameMeaning(String gotJson, String expectedJson) throws Exception {
        var got = JSON.readTree(gotJson);
        var expected = JSON.readTree(expectedJson);
        if (got.size() != expected.size()) {
            return false;
        }
        for (var it = expected.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!got.has(name)) {
                return false;
            }
            String a = got.get(name).asText(), b = expected.get(name).asText();
            if (a.equals(b)) {
                continue;
            }
            if (!TIME_SLOTS.contains(name)) {
                return false;
            }
            var x = dev.opencic.server.nlu.time.TimeExpressions.parse(a, RESOLVE_AT);
            var y = dev.opencic.server.nlu.time.TimeExpressions.parse(b, RESOLVE_AT);
            if (!x.isResolved() || !y.isResolved() || !x.dateTime().equals(y.dateTime())
                    || !x.date().equals(y.date()) || !x.timeOfDay().equals(y.timeOfDay())
                    || !x.duration().equals(y.duration()) || !x.daysOfWeek().equals(y.daysOfWeek())) {
                return false;
            }
        }
        return true;
    }

    /** Slots as sorted JSON, values in the spoken form the corpus uses (digits as words). */
    static String slotsJson(Optional<IntentMatch> m) {
        Map<String, String> slots = new TreeMap<>();
        m.ifPresent(x -> x.slots().forEach((k, v) -> slots.put(k, CorpusGenerator.spoken(String.valueOf(v)))));
        try {
            return JSON.writeValueAsString(slots);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    static void report(List<Outcome> all) {
        report(all, true);
    }

    static void report(List<Outcome> all, boolean listErrors) {
        Map<String, List<Outcome>> byVoice = new LinkedHashMap<>();
        for (Outcome o : all) {
            byVoice.computeIfAbsent(o.e.voice(), k -> new ArrayList<>()).add(o);
        }
        byVoice.put("all voices", all);
        System.out.println("| voice | templated: WER % / sentence acc % / intent acc % / full-slot acc % / text-path full-slot % (n) "
                + "| held-out: WER % / intent acc % / full-slot acc % / text-path intent % / text-path full-slot % (n) "
                + "| free text: span WER % / sentence WER % / intent acc % / full-slot acc % / text-path full-slot % (n) |");
        System.out.println("|---|---|---|---|");
        for (var v : byVoice.entrySet()) {
            List<Outcome> t = kind(v.getValue(), "templated");
            List<Outcome> h = kind(v.getValue(), "heldout");
            List<Outcome> f = kind(v.getValue(), "freetext");
            int spanRef = f.stream().mapToInt(o -> o.spanWords).sum();
            double spanWer = spanRef == 0 ? Double.NaN : 100.0 * f.stream().mapToInt(o -> o.spanErrors).sum() / spanRef;
            System.out.printf("| %s | %.1f / %.1f / %.1f / %.1f / %.1f (%d) | %.1f / %.1f / %.1f / %.1f / %.1f (%d) "
                            + "| %.1f / %.1f / %.1f / %.1f / %.1f (%d) |%n",
                    v.getKey(), wer(t), pct(t, o -> o.errors == 0), pct(t, o -> o.intentOk), pct(t, o -> o.slotsOk),
                    pct(t, o -> o.textPathSlotsOk), t.size(),
                    wer(h), pct(h, o -> o.intentOk), pct(h, o -> o.slotsOk), pct(h, o -> o.textPathIntentOk),
                    pct(h, o -> o.textPathSlotsOk), h.size(),
                    spanWer, wer(f), pct(f, o -> o.intentOk), pct(f, o -> o.slotsOk), pct(f, o -> o.textPathSlotsOk),
                    f.size());
        }
        System.out.println();
        System.out.println("Full-slot accuracy with time, date and duration slots compared as resolved values "
                + "(\"three minute\" = \"three minutes\"), templated / held-out / free text:");
        for (var v : byVoice.entrySet()) {
            System.out.printf("- %s: %.1f / %.1f / %.1f %%%n", v.getKey(),
                    pct(kind(v.getValue(), "templated"), o -> o.resolvedSlotsOk),
                    pct(kind(v.getValue(), "heldout"), o -> o.resolvedSlotsOk),
                    pct(kind(v.getValue(), "freetext"), o -> o.resolvedSlotsOk));
        }
        System.out.println();
        System.out.println("| voice | RTF p50 | RTF p95 | RTF max | CPU-time RTF p50 | p95 | mean | endpoint latency p50 ms | p95 ms | max ms "
                + "| no endpoint | endpoint before speech end | finish() p50 ms | finish() p95 ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (var v : byVoice.entrySet()) {
            List<Double> rtf = v.getValue().stream().map(o -> o.rtf).toList();
            List<Double> ep = v.getValue().stream().filter(o -> o.endpointFired).map(o -> o.endpointMs).toList();
            List<Double> fin = v.getValue().stream().map(o -> o.finishMs).toList();
            List<Double> cpu = v.getValue().stream().map(o -> o.cpuRtf).toList();
            System.out.printf("| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.0f | %.0f | %.0f | %d | %d | %.0f | %.0f |%n",
                    v.getKey(), Corpus.percentile(rtf, 50), Corpus.percentile(rtf, 95), Corpus.percentile(rtf, 100),
                    Corpus.percentile(cpu, 50), Corpus.percentile(cpu, 95),
                    cpu.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                    Corpus.percentile(ep, 50), Corpus.percentile(ep, 95), Corpus.percentile(ep, 100),
                    v.getValue().stream().filter(o -> !o.endpointFired).count(),
                    ep.stream().filter(x -> x < 0).count(), Corpus.percentile(fin, 50), Corpus.percentile(fin, 95));
        }
        if (!listErrors) {
            System.out.println("\n(misrecognitions not listed: --hide-errors)");
            return;
        }
        System.out.println();
        System.out.println("Misrecognitions (voice, kind, expected intent: reference -> hypothesis [understood as]):");
        for (Outcome o : all) {
            if (o.errors > 0 || !o.slotsOk) {
                System.out.printf("- %s %s %s: \"%s\" -> \"%s\" [%s %s]%s%s%n", o.e.voice(), o.e.kind(),
                        o.e.intent().isEmpty() ? "none" : o.e.intent(), TextNormalizer.normalize(o.e.text()), o.hyp,
                        o.gotIntent.isEmpty() ? "none" : o.gotIntent, o.gotSlots,
                        o.intentOk ? (o.slotsOk ? "" : "  SLOTS WRONG (expected " + o.e.slotsJson() + ")") : "  INTENT WRONG",
                        o.textPathSlotsOk ? "" : "  (text path fails too)");
            }
        }
    }

    private static List<Outcome> kind(List<Outcome> l, String kind) {
        return l.stream().filter(o -> o.e.kind().equals(kind)).toList();
    }

    private static double wer(List<Outcome> l) {
        int ref = l.stream().mapToInt(o -> o.refWords).sum();
        return ref == 0 ? Double.NaN : 100.0 * l.stream().mapToInt(o -> o.errors).sum() / ref;
    }

    private static double pct(List<Outcome> l, java.util.function.Predicate<Outcome> p) {
        return l.isEmpty() ? Double.NaN : 100.0 * l.stream().filter(p).count() / l.size();
    }
}
