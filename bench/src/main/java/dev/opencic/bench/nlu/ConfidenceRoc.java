package dev.opencic.bench.nlu;

import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.server.dialog.ConfidenceGate;
import dev.opencic.server.nlu.Fillers;
import dev.opencic.server.nlu.IntentMatch;
import dev.opencic.server.nlu.IntentMatcher;
import dev.opencic.server.nlu.time.TimeExpression;
import dev.opencic.server.nlu.time.TimeExpressions;
import dev.opencic.server.nlu.time.TimedText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The ROC behind the server's confidence thresholds (issue 18, "confidence decides"): the real
 * {@link ConfidenceGate} swept over recognition and intent thresholds, on utterances that should
 * change state (the tuned corpus, spoken, and the held-out phrasings, typed) against utterances that
 * must not ({@code server/src/test/resources/nlu/en/reject.tsv}, spoken and typed). Spoken figures come from the
 * per-file results of {@code AsrCorpusBenchmark --results} (hypothesis and recogniser confidence),
 * matched again here with the current templates; typed ones count the recogniser as certain.
 *
 * <p>A false action is a state-changing intent the gate lets through on an utterance that did not
 * ask for it (every reject, and a tuned utterance understood as another state change). Named
 * deletions ("delete my facebook account" read as a calendar entry) are counted apart: the skill
 * deletes only an existing entry of that name.
 */
@Command(name = "ConfidenceRoc", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Sweeps the confidence gate's thresholds over spoken and typed accept and reject sets.")
public final class ConfidenceRoc implements Callable<Integer> {

    @Option(names = "--spoken", split = ",", paramLabel = "RESULTS.tsv",
            description = "AsrCorpusBenchmark --results files (tuned corpus and reject corpus).")
    List<Path> spoken = List.of();

    @Option(names = "--reject", paramLabel = "FILE", description = "The reject list (default: ${DEFAULT-VALUE}).")
    Path reject = Path.of("server/src/test/resources/nlu/en/reject.tsv");

    @Option(names = "--heldout", paramLabel = "DIR", description = "Typed accept set (default: ${DEFAULT-VALUE}).")
    Path heldout = Path.of(IntentMatcherBenchmark.HELDOUT);

    @Option(names = "--recognition", split = ",", paramLabel = "T",
            description = "Recognition thresholds to try (default: ${DEFAULT-VALUE}).")
    List<Double> recognition = List.of(0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5);

    @Option(names = "--intent", split = ",", paramLabel = "T", description = "Intent thresholds to try (default: ${DEFAULT-VALUE}).")
    List<Double> intent = List.of(0.5, 0.7, 0.8, 0.85, 0.9, 0.91, 0.95, 1.0);

    /** One utterance: what was meant ("" when nothing should happen), what was heard, how sure the recogniser was. */
    record Case(String source, String expected, String heard, double recognition, boolean reject) {}

    private record Tally(int acted, int asked, int notCaught, int falseActions, int namedDeletes, int rightIntents,
                         int n, int nShouldAct) {}

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new ConfidenceRoc(), args);
    }

    @Override
    public Integer call() throws Exception {
        IntentMatcher matcher = IntentMatcher.forLanguage("en");
        List<Case> spokenCases = new ArrayList<>();
        for (Path p : spoken) {
            spokenCases.addAll(readResults(p));
        }
        List<Case> typed = new ArrayList<>(readHeldOut(heldout));
        typed.addAll(readTypedRejects(reject));
        Map<String, Optional<IntentMatch>> matches = new HashMap<>();
        System.out.printf("spoken: %d files (%d rejects); typed: %d utterances (%d rejects)%n%n", spokenCases.size(),
                spokenCases.stream().filter(Case::reject).count(), typed.size(), typed.stream().filter(Case::reject).count());
        System.out.println("| recognition ≥ | intent ≥ | spoken: should act: acted / asked / not caught (n) | spoken false actions (rejects + misheard) | spoken named deletes | typed: should act: acted / asked / not caught (n) | typed false actions | typed named deletes |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (double r : recognition) {
            for (double i : intent) {
                ConfidenceGate gate = new ConfidenceGate(r, i, 0, ConfidenceGate.MIN_INTENT_TO_ASK);
                Tally s = tally(spokenCases, gate, matcher, matches);
                Tally t = tally(typed, gate, matcher, matches);
                System.out.printf("| %.2f | %.2f | %s | %d | %d | %s | %d | %d |%n", r, i, shares(s), s.falseActions(),
                        s.namedDeletes(), shares(t), t.falseActions(), t.namedDeletes());
            }
        }
        ConfidenceGate server = new ConfidenceGate();
        Tally s = tally(spokenCases, server, matcher, matches);
        Tally t = tally(typed, server, matcher, matches);
        System.out.printf("%nserver's thresholds (recognition %.2f, intent %.2f; asks from %.2f): spoken %s, %d false actions,"
                        + " %d named deletes; typed %s, %d false actions, %d named deletes%n",
                ConfidenceGate.MIN_RECOGNITION, ConfidenceGate.MIN_INTENT, ConfidenceGate.MIN_INTENT_TO_ASK,
                shares(s), s.falseActions(), s.namedDeletes(), shares(t), t.falseActions(), t.namedDeletes());
        long spokenShould = spokenCases.stream().filter(c -> !c.reject()).count();
        System.out.printf("intent accuracy (matcher, before the gate): spoken tuned %.1f %% (n = %d), typed held-out %.1f %% (n = %d)%n",
                100.0 * s.rightIntents() / Math.max(1, spokenShould), spokenShould,
                100.0 * t.rightIntents() / Math.max(1, typed.stream().filter(c -> !c.reject()).count()),
                typed.stream().filter(c -> !c.reject()).count());
        System.out.println("\nfalse actions at the server's thresholds:");
        for (Case c : spokenCases) {
            explainFalse("spoken", c, server, matcher, matches);
        }
        for (Case c : typed) {
            explainFalse("typed", c, server, matcher, matches);
        }
        return 0;
    }

    private static String shares(Tally t) {
        return String.format("%.1f / %.1f / %.1f %% (%d)", 100.0 * t.acted() / Math.max(1, t.nShouldAct()),
                100.0 * t.asked() / Math.max(1, t.nShouldAct()), 100.0 * t.notCaught() / Math.max(1, t.nShouldAct()),
                t.nShouldAct());
    }

    private Tally tally(List<Case> cases, ConfidenceGate gate, IntentMatcher matcher, Map<String, Optional<IntentMatch>> matches) {
        int acted = 0, asked = 0, notCaught = 0, falseActions = 0, named = 0, right = 0, n = 0, should = 0;
        for (Case c : cases) {
            n++;
            Optional<IntentMatch> m = match(c.heard(), matcher, matches);
            String got = m.map(IntentMatch::intent).orElse("");
            if (!c.reject() && got.equals(c.expected())) {
                right++;
            }
            if (m.isEmpty() || !ConfidenceGate.STATE_CHANGING.contains(got)) {
                if (!c.reject() && ConfidenceGate.STATE_CHANGING.contains(c.expected())) {
                    should++;
                    notCaught++;
                }
                continue;
            }
            ConfidenceGate.Verdict v = gate.judge(m.get(), matcher.matchesWordForWord(got, c.heard()), c.heard(), c.recognition());
            boolean meant = !c.reject() && got.equals(c.expected());
            if (meant) {
                should++;
                switch (v) {
                    case ACT -> acted++;
                    case ASK -> asked++;
                    case NOT_CAUGHT -> notCaught++;
                }
            } else if (!c.reject() && ConfidenceGate.STATE_CHANGING.contains(c.expected())) {
                should++;
                notCaught++; // the right request heard as another state change: not done either way
            }
            if (!meant && v == ConfidenceGate.Verdict.ACT) {
                if (isNamedDelete(m.get())) {
                    named++;
                } else if (skillWouldAct(m.get(), c.heard())) {
                    falseActions++;
                }
            }
        }
        return new Tally(acted, asked, notCaught, falseActions, named, right, n, should);
    }

    private void explainFalse(String channel, Case c, ConfidenceGate gate, IntentMatcher matcher,
                              Map<String, Optional<IntentMatch>> matches) {
        Optional<IntentMatch> m = match(c.heard(), matcher, matches);
        if (m.isEmpty() || !ConfidenceGate.STATE_CHANGING.contains(m.get().intent())
                || !c.reject() && m.get().intent().equals(c.expected())) {
            return;
        }
        boolean wordForWord = matcher.matchesWordForWord(m.get().intent(), c.heard());
        if (gate.judge(m.get(), wordForWord, c.heard(), c.recognition()) == ConfidenceGate.Verdict.ACT) {
            String outcome = isNamedDelete(m.get()) ? "named delete" : skillWouldAct(m.get(), c.heard()) ? "FALSE ACTION"
                    : "the skill asks or refuses";
            System.out.printf("- %s %s%s: \"%s\" -> %s %s (recognition %.2f, intent %.2f%s): %s%n", channel, c.source(),
                    c.reject() ? " (reject)" : " expected " + c.expected(), c.heard(), m.get().intent(), m.get().slots(),
                    c.recognition(), m.get().confidence(), wordForWord ? ", word for word" : "", outcome);
        }
    }

    private static final ZonedDateTime AT = ZonedDateTime.of(2026, 12, 7, 10, 0, 0, 0, ZoneOffset.UTC);
    private static final Pattern SAYS_CALENDAR = Pattern.compile(
            "\\b(calendar|schedule|agenda|event|appointment|meeting|booking|reservation)s?\\b");

    /**
     * Whether the skill, given this request past the gate, would change something: the skills' own
     * checks mirrored (a time or length that is not one is asked for again; a calendar entry without
     * a time is asked "when?"; hesitations are not a memo or reminder; a calendar deletion that never
     * says "calendar" is confirmed first). Kept in step with the skills by hand.
     */
    static boolean skillWouldAct(IntentMatch m, String heard) {
        return switch (m.intent()) {
            case "alarm.set" -> {
                String t = m.slot("time");
                if (t == null || t.isBlank()) {
                    yield false;
                }
                TimeExpression e = TimeExpressions.parse(t, AT);
                yield e.isResolved() && e.dateTime().isPresent() && !e.approximateTime();
            }
            case "timer.set" -> {
                String d = m.slot("duration");
                if (d == null || d.isBlank()) {
                    yield false;
                }
                TimeExpression e = TimeExpressions.parse(d, AT);
                yield e.duration().isPresent() || e.isResolved() && e.dateTime().isPresent() && !e.isRecurring();
            }
            case "schedule.add" -> m.slot("event") != null && TimedText.split(m.slot("event"), AT).hasTime();
            case "memo.add" -> m.slot("memo") != null && !Fillers.onlyFillers(m.slot("memo"));
            case "reminder.add" -> m.slot("reminder") != null && !Fillers.onlyFillers(m.slot("reminder"));
            // by name: deletes only an existing entry of that name, and asks first unless "calendar" was said
            case "schedule.delete" -> m.slot("event") == null || SAYS_CALENDAR.matcher(heard).find();
            default -> true;
        };
    }

    /** A deletion by a name the user gave: the skill deletes only an entry that has that name. */
    private static boolean isNamedDelete(IntentMatch m) {
        return m.intent().endsWith(".delete") && !m.intent().equals("schedule.delete") && !m.intent().startsWith("alarm") && !m.intent().startsWith("timer")
                && m.slots().values().stream().anyMatch(v -> !v.isBlank());
    }

    private static Optional<IntentMatch> match(String heard, IntentMatcher matcher, Map<String, Optional<IntentMatch>> cache) {
        return cache.computeIfAbsent(heard, h -> h.isBlank() ? Optional.empty() : matcher.match(h));
    }

    static List<Case> readResults(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split("\t", -1));
        int kind = header.indexOf("kind"), expected = header.indexOf("intent"), hyp = header.indexOf("hyp");
        int conf = header.indexOf("asr_confidence"), name = header.indexOf("file"), voice = header.indexOf("voice");
        if (conf < 0) {
            throw new IOException(file + ": no asr_confidence column (results of an older AsrCorpusBenchmark)");
        }
        List<Case> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            boolean reject = f[kind].startsWith("reject");
            out.add(new Case(f[voice] + "/" + f[name], reject ? "" : f[expected], f[hyp], Double.parseDouble(f[conf]), reject));
        }
        return out;
    }

    static List<Case> readTypedRejects(Path file) throws IOException {
        List<Case> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t", 2);
            if (c[0].equals("noise") || c[0].equals("reversed")) {
                continue; // spoken only
            }
            out.add(new Case("reject-" + c[0], "", c[1].strip(), 1.0, true));
        }
        return out;
    }

    static List<Case> readHeldOut(Path dir) throws IOException {
        List<Case> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] c = line.split("\t");
                    String expected = c.length > 1 && !c[1].strip().equals("none") ? c[1].strip() : "";
                    // A held-out "none" line is an off-domain utterance: nothing should happen.
                    out.add(new Case(f.getFileName().toString(), expected, c[0].strip(), 1.0, expected.isEmpty()));
                }
            }
        }
        return out;
    }
}
