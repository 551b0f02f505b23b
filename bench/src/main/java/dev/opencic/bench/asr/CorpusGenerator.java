package dev.opencic.bench.asr;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opencic.server.nlu.IntentMatch;
import dev.opencic.server.nlu.IntentMatcher;
import dev.opencic.server.nlu.SentenceGenerator;
import dev.opencic.server.nlu.Template;
import dev.opencic.server.nlu.TextNormalizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Generates the spoken test corpus: for every intent in the server's English templates, sentences
 * the templates accept (all of them, or a fixed seeded sample of at most {@code --per-intent} when
 * there are more), a few held-out phrasings per intent that are <em>not</em> in the templates, and a
 * small free-text set; each synthesised with every flite voice, made 16 kHz mono 16-bit (sox only
 * when flite's output is not already), framed by known silence with a faint noise floor, and listed
 * with the expected intent, slots and where the speech ends in {@code corpus.tsv}.
 *
 * <pre>
 * CorpusGenerator --out DIR [--voices rms,slt,awb,kal16] [--per-intent 15] [--seed 20261124]
 *                 [--lead-ms 500] [--tail-ms 2000] [--noise-dbfs -65|off] [--kinds templated,heldout,freetext]
 * </pre>
 */
public final class CorpusGenerator {

    /**
     * Phrasings written by hand that the templates do not contain (checked at run time): how well
     * recognition and the matcher's nearest-sentence fallback generalise. Keep them natural.
     */
    static final Map<String, List<String>> HELD_OUT = new LinkedHashMap<>();

    static {
        HELD_OUT.put("clock.time", List.of("tell me what time it is", "what time is it at the moment",
                "can you tell me the time", "what's the time at the moment"));
        HELD_OUT.put("clock.date", List.of("can you tell me the date", "what is the date today please",
                "what day of the week is it", "which date is it today"));
        HELD_OUT.put("smalltalk.greeting", List.of("hello how are you", "hey there assistant",
                "good morning to you", "hi clova how are you"));
        HELD_OUT.put("smalltalk.help", List.of("what can you help me with", "what should i say",
                "help me out please", "what are you able to do for me"));
    }

    /** Free text no intent covers yet (memo and reminder contents to come): general-vocabulary WER. */
    static final List<String> FREE_TEXT = List.of(
            "remind me to buy a birthday present for my brother on saturday",
            "make a note that the car needs new tires",
            "remind me to call the dentist tomorrow morning",
            "add milk eggs and bread to my shopping list",
            "write down that the meeting moved to thursday afternoon",
            "remind me to water the plants in the garden every evening",
            "take a note that my sister arrives at the station at noon",
            "remind me to pick up the kids from school at three",
            "note that the plumber is coming next tuesday",
            "remind me to send the report to my manager before friday");

    /**
     * Example values for slots, by slot name (the templates have none yet). A slot name not listed
     * gets {@link #GENERIC_FILLERS}. Expected slot values come from matching the clean text.
     */
    static final Map<String, List<String>> FILLERS = Map.of(
            "number", List.of("five", "twenty", "three"),
            "minutes", List.of("five", "ten", "twenty"));
    static final List<String> GENERIC_FILLERS = List.of("buy milk", "call my mother", "the blue folder",
            "water the plants");

    private static final ObjectMapper JSON = new ObjectMapper();

    private CorpusGenerator() {}

    public static void main(String[] args) throws Exception {
        Path out = null;
        List<String> voices = List.of("rms", "slt", "awb", "kal16");
        List<String> kinds = List.of("templated", "heldout", "freetext");
        int perIntent = 15;
        long seed = 20261124L;
        int leadMs = 500, tailMs = 2000;
        Double noiseDbfs = -65.0;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--out" -> { out = Path.of(v); i++; }
                case "--voices" -> { voices = List.of(v.split(",")); i++; }
                case "--kinds" -> { kinds = List.of(v.split(",")); i++; }
                case "--per-intent" -> { perIntent = Integer.parseInt(v); i++; }
                case "--seed" -> { seed = Long.parseLong(v); i++; }
                case "--lead-ms" -> { leadMs = Integer.parseInt(v); i++; }
                case "--tail-ms" -> { tailMs = Integer.parseInt(v); i++; }
                case "--noise-dbfs" -> { noiseDbfs = "off".equals(v) ? null : Double.parseDouble(v); i++; }
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        out = out.toAbsolutePath();
        Files.createDirectories(out);
        IntentMatcher matcher = IntentMatcher.forLanguage("en");
        List<Item> items = items(matcher, perIntent, seed, kinds);

        List<String> rows = new ArrayList<>();
        rows.add(Corpus.HEADER);
        Path tmp = Files.createTempDirectory("corpus-flite");
        Random noise = new Random(seed);
        int n = 0;
        long t0 = System.nanoTime();
        for (String voice : voices) {
            Files.createDirectories(out.resolve(voice));
            int k = 0;
            for (Item it : items) {
                String name = String.format("%s/%03d-%s-%s.wav", voice, k++, it.kind, it.intent.isEmpty() ? "free" : it.intent);
                Path file = out.resolve(name);
                short[] speech = synthesise(voice, it.text, tmp);
                int[] bounds = voicedBounds(speech);
                int lead = leadMs * 16, tail = tailMs * 16;
                short[] all = new short[lead + speech.length + tail];
                System.arraycopy(speech, 0, all, lead, speech.length);
                if (noiseDbfs != null) {
                    double sigma = Math.pow(10, noiseDbfs / 20) * 32768;
                    for (int i = 0; i < all.length; i++) {
                        all[i] = (short) Math.max(-32768, Math.min(32767, Math.round(all[i] + noise.nextGaussian() * sigma)));
                    }
                }
                Corpus.writeWav(file, all);
                Corpus.Entry e = new Corpus.Entry(file, voice, it.text, it.intent, it.slotsJson, it.kind,
                        (lead + bounds[0]) / 16, (lead + bounds[1]) / 16, all.length / 16);
                rows.add(e.row(out));
                n++;
            }
        }
        Files.write(out.resolve("corpus.tsv"), rows, StandardCharsets.UTF_8);
        try (var s = Files.list(tmp)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(tmp);
        Map<String, Long> byKind = new LinkedHashMap<>();
        items.forEach(it -> byKind.merge(it.kind, 1L, Long::sum));
        System.out.printf("wrote %d files (%d sentences %s x %d voices) and %s in %.1f s%n", n, items.size(), byKind,
                voices.size(), out.resolve("corpus.tsv"), (System.nanoTime() - t0) / 1e9);
    }

    record Item(String text, String intent, String slotsJson, String kind) {}

    /** The sentences, with expected intent and slots; fails if a held-out phrasing is in the templates. */
    static List<Item> items(IntentMatcher matcher, int perIntent, long seed, List<String> kinds) throws IOException {
        Map<String, List<Template>> byIntent = new LinkedHashMap<>();
        for (Template t : matcher.templates()) {
            byIntent.computeIfAbsent(t.intent(), k -> new ArrayList<>()).add(t);
        }
        Map<String, List<String>> fillers = new LinkedHashMap<>(FILLERS);
        for (Template t : matcher.templates()) {
            for (String slot : t.slotNames()) {
                fillers.putIfAbsent(slot, GENERIC_FILLERS);
            }
        }
        Set<String> accepted = new HashSet<>(SentenceGenerator.sentences(matcher.templates(), fillers, 50));
        List<Item> items = new ArrayList<>();
        for (var e : byIntent.entrySet()) {
            if (kinds.contains("templated")) {
                List<String> sentences = new ArrayList<>(SentenceGenerator.sentences(e.getValue(), fillers, 3));
                if (sentences.size() > perIntent) {
                    Collections.shuffle(sentences, new Random(seed ^ e.getKey().hashCode()));
                    sentences = sentences.subList(0, perIntent);
                }
                for (String s : sentences) {
                    items.add(new Item(s, e.getKey(), expectedSlots(matcher, s, e.getKey()), "templated"));
                }
            }
            if (kinds.contains("heldout")) {
                for (String s : HELD_OUT.getOrDefault(e.getKey(), List.of())) {
                    if (accepted.contains(TextNormalizer.normalize(s))) {
                        throw new IllegalStateException("held-out phrasing is in the templates now: '" + s
                                + "'; replace it in CorpusGenerator.HELD_OUT");
                    }
                    items.add(new Item(s, e.getKey(), "{}", "heldout"));
                }
            }
        }
        for (String intent : HELD_OUT.keySet()) {
            if (!byIntent.containsKey(intent)) {
                System.err.println("warning: held-out phrasings for unknown intent " + intent + " skipped");
            }
        }
        if (kinds.contains("freetext")) {
            for (String s : FREE_TEXT) {
                items.add(new Item(s, "", "{}", "freetext"));
            }
        }
        return items;
    }

    private static String expectedSlots(IntentMatcher matcher, String sentence, String intent) throws IOException {
        Optional<IntentMatch> m = matcher.match(sentence);
        if (m.isEmpty() || !m.get().intent().equals(intent)) {
            throw new IllegalStateException("the text path does not understand its own sentence '" + sentence
                    + "' as " + intent + ": " + m);
        }
        return JSON.writeValueAsString(new java.util.TreeMap<>(m.get().slots()));
    }

    /** flite → 16 kHz mono 16-bit samples (through sox if flite's voice writes anything else). */
    static short[] synthesise(String voice, String text, Path tmp) throws IOException, InterruptedException {
        Path raw = tmp.resolve("flite.wav");
        run(List.of("flite", "-voice", voice, "-t", text, "-o", raw.toString()));
        try {
            return Corpus.samples(Corpus.readPcm(raw));
        } catch (IOException notWideband) {
            Path conv = tmp.resolve("sox.wav");
            run(List.of("sox", raw.toString(), "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer",
                    conv.toString()));
            return Corpus.samples(Corpus.readPcm(conv));
        }
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] outBytes = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + new String(outBytes, StandardCharsets.UTF_8));
        }
    }

    /**
     * First and last voiced sample: 10 ms frames louder than both -50 dBFS and 35 dB under the
     * loudest frame (flite's own edges carry -45..-85 dBFS of low-level noise, which is not speech).
     */
    static int[] voicedBounds(short[] s) {
        int frames = s.length / 160;
        double[] db = new double[frames];
        double peak = -200;
        for (int f = 0; f < frames; f++) {
            double e = 0;
            for (int i = f * 160; i < f * 160 + 160; i++) {
                e += (double) s[i] * s[i];
            }
            db[f] = 20 * Math.log10(Math.max(1e-9, Math.sqrt(e / 160) / 32768));
            peak = Math.max(peak, db[f]);
        }
        double threshold = Math.max(-50, peak - 35);
        int first = 0, last = frames - 1;
        while (first < frames && db[first] < threshold) {
            first++;
        }
        while (last > first && db[last] < threshold) {
            last--;
        }
        return new int[] {first * 160, Math.min(s.length, (last + 1) * 160)};
    }
}
