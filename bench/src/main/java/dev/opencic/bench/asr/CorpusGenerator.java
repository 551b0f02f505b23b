package dev.opencic.bench.asr;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.server.nlu.IntentMatcher;
import dev.opencic.server.nlu.SlotExamples;
import dev.opencic.server.nlu.Template;
import dev.opencic.server.nlu.TextNormalizer;
import dev.opencic.server.speech.asr.ArpaTrigramWriter;
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
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Generates the spoken test corpus from the server's English templates and held-out files, each
 * sentence synthesised with every flite voice, made 16 kHz mono 16-bit (sox only when flite's output
 * is not already), framed by known silence with a faint noise floor, and listed with the expected
 * intent, slots, where the speech ends and (free text) which words are dictated in {@code corpus.tsv}.
 *
 * <ul>
 *   <li><b>templated</b>: for every intent, a seeded sample of at most {@code --per-intent} sentences
 *       its templates accept, slots filled from this class's own {@link #FILLERS} (not from
 *       {@code slot-examples.txt}, which trains the recogniser: the model must not have seen the exact
 *       filler); expected slots are the fillers used;</li>
 *   <li><b>heldout</b>: a seeded sample of at most {@code --per-area} lines from every
 *       {@code server/src/test/resources/nlu/en/heldout/*.tsv} (phrasings the templates were not
 *       written from), with the intent and slots written there;</li>
 *   <li><b>freetext</b>: dictated memo contents, reminder subjects and event titles inside the commands
 *       that carry them ({@link #FREE_TEXT_FRAMES}), the dictated span marked so that its word error
 *       rate is measured on its own.</li>
 * </ul>
 * Digits are written out as words the way the recogniser spells them (flite says "six forty five" for
 * 6:45, the recogniser writes the words), in the text and in the expected slots.
 *
 * <p>Options: {@code --help}; the table in {@code bench/corpus/README.md}.
 */
@Command(name = "CorpusGenerator", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generates the spoken test corpus (WAVs and corpus.tsv) from the server's English templates and held-out files.")
public final class CorpusGenerator implements Callable<Integer> {

    /**
     * Test values for slots, by slot name: realistic, and deliberately <em>not</em> the values in
     * {@code server/src/main/resources/nlu/en/slot-examples.txt} (checked at run time, except for
     * closed sets such as weekdays), so the recogniser's language model has not seen them.
     */
    static final Map<String, List<String>> FILLERS = new LinkedHashMap<>();

    static {
        FILLERS.put("place", List.of("dublin", "vienna", "lisbon", "san diego", "boston", "melbourne", "osaka",
                "prague"));
        FILLERS.put("day", List.of("friday", "sunday", "tuesday", "thursday"));
        FILLERS.put("date", List.of("christmas", "halloween", "new year's eve", "valentine's day"));
        FILLERS.put("query", List.of("norah jones", "take five", "the rolling stones", "chet baker", "hey jude"));
        FILLERS.put("artist", List.of("norah jones", "dave brubeck", "the rolling stones", "adele", "queen"));
        FILLERS.put("album", List.of("time out", "thriller", "back in black", "blue train"));
        FILLERS.put("song", List.of("take five", "hey jude", "hotel california", "blue moon"));
        FILLERS.put("genre", List.of("country", "soul", "funk", "metal"));
        FILLERS.put("time", List.of("8 am", "seven forty five", "tomorrow at 6", "half past seven",
                "every monday at 9", "ten to six", "sunday at noon"));
        FILLERS.put("duration", List.of("15 minutes", "three minutes", "an hour", "45 seconds",
                "two and a half hours"));
        FILLERS.put("memo", List.of("the spare key is under the blue flower pot", "my parking spot is on level three",
                "we are out of olive oil and rice", "the library books are due next week"));
        FILLERS.put("reminder", List.of("take my vitamins after breakfast", "renew my passport in june",
                "return the library books tomorrow", "call grandma on sunday afternoon"));
        FILLERS.put("event", List.of("dinner with tom on saturday at 7", "team meeting tomorrow at 10 am",
                "haircut on wednesday at four", "yoga class on monday evening"));
        FILLERS.put("when", List.of("next monday", "this weekend", "wednesday afternoon", "tomorrow evening", "on the 2nd of may"));
    }

    /** Commands that carry dictated text: {@code %s} is the dictated span. */
    static final List<String[]> FREE_TEXT_FRAMES = List.of(
            new String[] {"memo.add", "memo", "take a note that %s"},
            new String[] {"memo.add", "memo", "write down %s"},
            new String[] {"memo.add", "memo", "make a note %s"},
            new String[] {"reminder.add", "reminder", "remind me to %s"},
            new String[] {"reminder.add", "reminder", "don't let me forget to %s"},
            new String[] {"schedule.add", "event", "add %s to my calendar"});

    /** Dictated text, by slot: what people put in memos, reminders and calendar entries. */
    static final Map<String, List<String>> DICTATION = Map.of(
            "memo", List.of("the car needs new tires before winter", "my sister arrives at the station at noon",
                    "the plumber is coming next tuesday", "the wifi password is on the back of the router",
                    "buy a new lamp for the living room", "the neighbours are away until the weekend"),
            "reminder", List.of("buy a birthday present for my brother on saturday", "pick up the kids from school at three",
                    "send the report to my manager before friday", "water the plants in the garden this evening",
                    "book a table for our anniversary dinner", "feed the cat before i leave for work"),
            "event", List.of("parents evening at the school on thursday at six", "lunch with my old colleagues on friday",
                    "a visit to the eye doctor next wednesday morning", "football practice on saturday at ten"));

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Dictated texts from a file instead of {@link #DICTATION}: one per line, {@code memo},
     * {@code reminder} or {@code event}, a tab, the text; {@code #} starts a comment. For checking a
     * tuned recogniser on sentences nobody looked at while tuning it.
     */
    static Map<String, List<String>> readDictation(Path file) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", 2);
            if (f.length != 2 || !List.of("memo", "reminder", "event").contains(f[0])) {
                throw new IllegalArgumentException(file + ": want 'memo|reminder|event<TAB>text', got: " + line);
            }
            out.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1].strip());
        }
        return out;
    }

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the WAVs (one directory per voice) and corpus.tsv go.")
    Path out;

    @Option(names = "--voices", split = ",", paramLabel = "VOICE", description = "flite voices (default: ${DEFAULT-VALUE}).")
    List<String> voices = List.of("rms", "slt", "awb", "kal16");

    @Option(names = "--kinds", split = ",", paramLabel = "KIND", description = "Sentence sets (default: ${DEFAULT-VALUE}).")
    List<String> kinds = List.of("templated", "heldout", "freetext");

    @Option(names = "--per-intent", paramLabel = "N", description = "Template sentences per intent, a seeded sample (default: ${DEFAULT-VALUE}).")
    int perIntent = 3;

    @Option(names = "--per-area", paramLabel = "N", description = "Held-out lines per heldout/*.tsv file, a seeded sample (default: ${DEFAULT-VALUE}).")
    int perArea = 4;

    @Option(names = "--heldout-dir", paramLabel = "DIR", description = "Where the held-out files are (default: ${DEFAULT-VALUE}).")
    Path heldoutDir = Path.of("server/src/test/resources/nlu/en/heldout");

    @Option(names = "--seed", paramLabel = "N", description = "The samples' and the noise's seed (default: ${DEFAULT-VALUE}).")
    long seed = 20261124L;

    @Option(names = "--dictation", paramLabel = "FILE", description = "memo|reminder|event<TAB>text lines to dictate instead of the built-in texts.")
    Path dictationFile;

    @Option(names = "--lead-ms", paramLabel = "MS", description = "Silence before the speech (default: ${DEFAULT-VALUE}).")
    int leadMs = 500;

    @Option(names = "--tail-ms", paramLabel = "MS", description = "Silence after the speech (default: ${DEFAULT-VALUE}).")
    int tailMs = 1500;

    @Option(names = "--noise-dbfs", paramLabel = "DBFS|off", description = "A seeded Gaussian noise floor over the whole file, or off (default: ${DEFAULT-VALUE}).")
    String noiseFloor = "-65";

    @Option(names = "--reject", paramLabel = "FILE",
            description = "category<TAB>text lines for --kinds reject (default: ${DEFAULT-VALUE}).")
    Path rejectFile = Path.of("server/src/test/resources/nlu/en/reject.tsv");

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new CorpusGenerator(), args);
    }

    @Override
    public Integer call() throws Exception {
        Double noiseDbfs = "off".equals(noiseFloor) ? null : Double.valueOf(noiseFloor);
        Map<String, List<String>> dictation = dictationFile == null ? DICTATION : readDictation(dictationFile);
        Path out = this.out.toAbsolutePath();
        Files.createDirectories(out);
        IntentMatcher matcher = IntentMatcher.forLanguage("en");
        List<Item> items = items(matcher, perIntent, perArea, seed, kinds, heldoutDir, dictation);
        if (kinds.contains("reject")) {
            items.addAll(rejectItems(rejectFile));
        }

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
                String name = String.format("%s/%03d-%s-%s.wav", voice, k++, it.kind, it.intent.isEmpty() ? "none" : it.intent);
                Path file = out.resolve(name);
                short[] speech = it.kind.equals(REJECT_NOISE) ? RejectSounds.noise(it.text, new Random(seed ^ k))
                        : synthesise(voice, it.text, tmp);
                if (it.kind.equals(REJECT_REVERSED)) {
                    RejectSounds.reverse(speech);
                }
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
                        (lead + bounds[0]) / 16, (lead + bounds[1]) / 16, all.length / 16, it.span);
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
        return 0;
    }

    static final String REJECT_NOISE = "reject-noise";
    static final String REJECT_REVERSED = "reject-reversed";

    /**
     * The reject set (issue 18): utterances nothing may act on, expected intent none, kind
     * {@code reject-<category>}. Noise lines are generated sounds, reversed lines babble.
     */
    static List<Item> rejectItems(Path file) throws IOException {
        List<Item> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t", 2);
            if (c.length != 2) {
                throw new IOException(file + ": need category<TAB>text: " + line);
            }
            String kind = "reject-" + c[0].strip();
            String text = kind.equals(REJECT_NOISE) ? c[1].strip() : spoken(c[1].strip());
            out.add(new Item(text, "", "{}", kind, ""));
        }
        return out;
    }

    /** One sentence: spoken text (digits as words), expected intent ("" for none), slots as JSON, span "a-b" or "". */
    record Item(String text, String intent, String slotsJson, String kind, String span) {}

    /** The sentences, with expected intent and slots. */
    static List<Item> items(IntentMatcher matcher, int perIntent, int perArea, long seed, List<String> kinds,
                            Path heldoutDir, Map<String, List<String>> dictation) throws IOException {
        Map<String, List<Template>> byIntent = new LinkedHashMap<>();
        for (Template t : matcher.templates()) {
            byIntent.computeIfAbsent(t.intent(), k -> new ArrayList<>()).add(t);
        }
        checkFillersUnseen(dictation);
        List<Item> items = new ArrayList<>();
        if (kinds.contains("templated")) {
            for (var e : byIntent.entrySet()) {
                List<List<String>> expansions = new ArrayList<>();
                for (Template t : e.getValue()) {
                    expansions.addAll(t.expansions());
                }
                Random r = new Random(seed ^ e.getKey().hashCode());
                Collections.shuffle(expansions, r);
                Set<String> seen = new HashSet<>();
                int taken = 0;
                for (List<String> words : expansions) {
                    if (taken >= perIntent) {
                        break;
                    }
                    Map<String, String> slots = new TreeMap<>();
                    StringBuilder sb = new StringBuilder();
                    boolean ok = true;
                    for (String w : words) {
                        String value = w;
                        if (w.length() > 2 && w.startsWith("{") && w.endsWith("}")) {
                            String slot = w.substring(1, w.length() - 1);
                            List<String> values = FILLERS.get(slot);
                            if (values == null) {
                                System.err.println("warning: no test values for slot {" + slot + "} of "
                                        + e.getKey() + ": add some to CorpusGenerator.FILLERS");
                                ok = false;
                                break;
                            }
                            value = spoken(values.get(r.nextInt(values.size())));
                            slots.put(slot, value);
                        }
                        sb.append(sb.length() > 0 ? " " : "").append(value);
                    }
                    String text = spoken(sb.toString());
                    if (ok && !awkward(text) && seen.add(text)) {
                        items.add(new Item(text, e.getKey(), JSON.writeValueAsString(slots), "templated", ""));
                        taken++;
                    }
                }
            }
        }
        if (kinds.contains("heldout")) {
            List<Path> files;
            try (var s = Files.list(heldoutDir)) {
                files = s.filter(p -> p.toString().endsWith(".tsv")).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new IOException("no held-out files in " + heldoutDir.toAbsolutePath());
            }
            for (Path f : files) {
                List<Item> area = heldoutLines(f);
                Collections.shuffle(area, new Random(seed ^ f.getFileName().toString().hashCode()));
                items.addAll(area.subList(0, Math.min(perArea, area.size())));
            }
        }
        if (kinds.contains("freetext")) {
            int i = 0;
            for (String slot : List.of("memo", "reminder", "event")) {
                List<String[]> frames = FREE_TEXT_FRAMES.stream().filter(f -> f[1].equals(slot)).toList();
                for (String content : dictation.getOrDefault(slot, List.of())) {
                    String[] frame = frames.get(i++ % frames.size());
                    String text = spoken(String.format(frame[2], content));
                    String value = spoken(content);
                    int start = Corpus.words(spoken(frame[2].substring(0, frame[2].indexOf("%s")))).size();
                    String span = start + "-" + (start + Corpus.words(value).size());
                    items.add(new Item(text, frame[0], JSON.writeValueAsString(Map.of(slot, value)), "freetext", span));
                }
            }
        }
        return items;
    }

    /**
     * The lines of a held-out file ({@code utterance<TAB>intent<TAB>slot=value; slot=value}, {@code none}
     * for no intent, {@code #} comments) as kind {@code heldout}, text and slot values in spoken form.
     */
    static List<Item> heldoutLines(Path f) throws IOException {
        List<Item> lines = new ArrayList<>();
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t", -1);
            String intent = c.length > 1 && !c[1].strip().equals("none") ? c[1].strip() : "";
            Map<String, String> slots = new TreeMap<>();
            if (c.length > 2 && !c[2].isBlank()) {
                for (String kv : c[2].split(";")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        slots.put(kv.substring(0, eq).strip(), spoken(kv.substring(eq + 1)));
                    }
                }
            }
            lines.add(new Item(spoken(c[0]), intent, JSON.writeValueAsString(slots), "heldout", ""));
        }
        return lines;
    }

    /**
     * Sentences the templates accept but nobody says ("clear my my timer", "add a appointment",
     * "count my meetings on on friday"): the optional words of a template combine freely, and a
     * filler can repeat the word before it. They are left out of the corpus.
     */
    static boolean awkward(String text) {
        List<String> w = Corpus.words(text);
        for (int i = 0; i + 1 < w.size(); i++) {
            String a = w.get(i), b = w.get(i + 1);
            boolean determiners = Set.of("a", "an", "the", "my").contains(a) && Set.of("a", "an", "the", "my").contains(b);
            if (a.equals(b) || determiners || (a.equals("a") && "aeiou".indexOf(b.charAt(0)) >= 0)
                    || (a.equals("an") && "aeiou".indexOf(b.charAt(0)) < 0) || (a.equals("every") && b.equals("of"))
                    || (a.equals("show") && b.equals("of"))) {
                return true;
            }
        }
        return false;
    }

    /** The test fillers must not be slot examples the recogniser was trained on (weekdays excepted). */
    private static void checkFillersUnseen(Map<String, List<String>> dictation) {
        Map<String, List<String>> trained = SlotExamples.forLanguage("en");
        Set<String> seen = new HashSet<>();
        trained.values().forEach(l -> l.forEach(v -> seen.add(spoken(v))));
        Map<String, List<String>> ours = new LinkedHashMap<>(FILLERS);
        dictation.forEach((k, v) -> ours.put(k + " (dictation)", v));
        for (var e : ours.entrySet()) {
            if (e.getKey().equals("day")) {
                continue;
            }
            for (String v : e.getValue()) {
                if (seen.contains(spoken(v))) {
                    throw new IllegalStateException("test value '" + v + "' for {" + e.getKey()
                            + "} is also in slot-examples.txt (the recogniser has seen it): replace it (CorpusGenerator.FILLERS, DICTATION or the --dictation file)");
                }
            }
        }
    }

    /**
     * Text as the recogniser writes it: normalised like the matcher does, digits spelled out as words
     * ({@code ArpaTrigramWriter.tokenize}, which also trains the model), "a.m."/"p.m." as am/pm.
     */
    static String spoken(String text) {
        List<String> words = new ArrayList<>();
        for (String w : ArpaTrigramWriter.tokenize(TextNormalizer.normalize(text.replace(':', ' ')))) {
            words.add(w.equals("a.m.") ? "am" : w.equals("p.m.") ? "pm" : w);
        }
        return TextNormalizer.normalize(String.join(" ", words));
    }

    /** flite → 16 kHz mono 16-bit samples (through sox if flite's voice writes anything else). */
    static short[] synthesise(String voice, String text, Path tmp) throws IOException, InterruptedException {
        return synthesise(voice, text, tmp, 1.0);
    }

    /**
     * As {@link #synthesise(String, String, Path)}, spoken {@code durationStretch} times as long
     * (flite's {@code duration_stretch}: a slower or faster talker with the same pitch).
     */
    static short[] synthesise(String voice, String text, Path tmp, double durationStretch)
            throws IOException, InterruptedException {
        Path raw = tmp.resolve("flite.wav");
        List<String> cmd = new ArrayList<>(List.of("flite", "-voice", voice));
        if (durationStretch != 1.0) {
            cmd.addAll(List.of("--setf", "duration_stretch=" + durationStretch));
        }
        cmd.addAll(List.of("-t", text, "-o", raw.toString()));
        run(cmd);
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
