package dev.opencic.server.speech.asr.adaptation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Estimates one global MLLR mean transform for the en-us acoustic model from a channel's utterances
 * and their words, with sphinxtrain as Debian packages it: {@code sphinx_fe} computes the features,
 * {@code bw} aligns them to the words and collects statistics, {@code mllr_solve} turns those into
 * the transform that {@code ps_update_mllr} applies. Each tool runs as a separate process at the
 * lowest CPU priority, with a time limit; everything is written in a scratch directory the caller
 * gives and deletes.
 *
 * <p>One regression class: with tens of utterances there is too little data for more, and measured in
 * issue 24 a single global transform learnt the room and the noise as much as the talker
 * (docs/benchmarks-asr.md).
 */
final class MllrEstimation {

    /** Installs the tools (Debian/Ubuntu). */
    static final String INSTALL_COMMAND = "apt-get install -y sphinxtrain sphinxbase-utils";
    static final Path SPHINXTRAIN = Path.of("/usr/lib/sphinxtrain");
    static final Path SPHINX_FE = Path.of("/usr/bin/sphinx_fe");
    private static final long TOOL_TIMEOUT_SECONDS = 300;

    /** One utterance: its audio (16 kHz mono 16-bit WAV) and the words said in it. */
    record Sample(Path wav, String words) {}

    private final Path acousticModel;
    private final Path trainingModel;
    private final Map<String, List<String>> pronunciations;

    /**
     * @param trainingModel a directory {@link SphinxTrainModel#prepare} wrote
     * @param pronunciations word → its pronunciations (phones), every word the recogniser knows
     */
    MllrEstimation(Path acousticModel, Path trainingModel, Map<String, List<String>> pronunciations) {
        this.acousticModel = acousticModel;
        this.trainingModel = trainingModel;
        this.pronunciations = pronunciations;
    }

    /** Why the tools cannot run here, with the command that installs them; empty when they can. */
    static Optional<String> missingTools() {
        for (Path tool : List.of(SPHINX_FE, SPHINXTRAIN.resolve("bw"), SPHINXTRAIN.resolve("mllr_solve"))) {
            if (!Files.isExecutable(tool)) {
                return Optional.of(tool + " is missing: run `" + INSTALL_COMMAND + "`");
            }
        }
        return Optional.empty();
    }

    /**
     * Writes the transform to {@code out}. Utterances with a word the dictionary does not have are
     * left out (their words cannot be aligned).
     *
     * @throws IOException when no utterance remains or a tool fails (the message says which,
     *     with the end of its output)
     */
    void estimate(List<Sample> samples, Path scratch, Path out) throws IOException {
        List<Sample> usable = samples.stream()
                .filter(s -> !s.words().isBlank() && pronunciations.keySet().containsAll(words(s))).toList();
        if (usable.isEmpty()) {
            throw new IOException("no utterance has only words of the dictionary");
        }
        Path features = Files.createDirectories(scratch.resolve("mfc"));
        Path accumulated = Files.createDirectories(scratch.resolve("acc"));
        List<String> fileIds = new ArrayList<>();
        List<String> transcripts = new ArrayList<>();
        Set<String> vocabulary = new LinkedHashSet<>();
        for (int i = 0; i < usable.size(); i++) {
            String id = String.format(Locale.ROOT, "u%04d", i);
            Files.copy(usable.get(i).wav(), scratch.resolve(id + ".wav"));
            fileIds.add(id);
            List<String> words = words(usable.get(i));
            transcripts.add("<s> " + String.join(" ", words) + " </s> (" + id + ")");
            vocabulary.addAll(words);
        }
        Files.write(scratch.resolve("fileids"), fileIds, StandardCharsets.UTF_8);
        Files.write(scratch.resolve("transcription"), transcripts, StandardCharsets.UTF_8);
        List<String> dictionary = new ArrayList<>();
        for (String word : vocabulary) {
            List<String> variants = pronunciations.get(word);
            for (int v = 0; v < variants.size(); v++) {
                dictionary.add((v == 0 ? word : word + "(" + (v + 1) + ")") + " " + variants.get(v));
            }
        }
        Files.write(scratch.resolve("dict"), dictionary, StandardCharsets.UTF_8);

        // Features as the decoder computes them (the model's feat.params), over the whole utterance.
        run(scratch, "sphinx_fe", SPHINX_FE.toString(), "-argfile", acousticModel.resolve("feat.params").toString(),
                "-samprate", "16000", "-c", "fileids", "-di", ".", "-do", features.toString(), "-ei", "wav", "-eo", "mfc",
                "-mswav", "yes", "-remove_silence", "no", "-remove_noise", "yes");
        run(scratch, "bw", SPHINXTRAIN.resolve("bw").toString(), "-hmmdir", acousticModel.toString(),
                "-moddeffn", trainingModel.resolve(SphinxTrainModel.MDEF).toString(),
                "-mixwfn", trainingModel.resolve(SphinxTrainModel.MIXTURE_WEIGHTS).toString(),
                "-ts2cbfn", ".ptm.", "-feat", "1s_c_d_dd", "-svspec", "0-12/13-25/26-38", "-cmn", "batch", "-agc", "none",
                "-dictfn", "dict", "-fdictfn", acousticModel.resolve("noisedict").toString(), "-ctlfn", "fileids",
                "-lsnfn", "transcription", "-cepdir", features.toString(), "-accumdir", accumulated.toString());
        Path solved = scratch.resolve("mllr_matrix");
        run(scratch, "mllr_solve", SPHINXTRAIN.resolve("mllr_solve").toString(),
                "-meanfn", acousticModel.resolve("means").toString(), "-varfn", acousticModel.resolve("variances").toString(),
                "-outmllrfn", solved.toString(), "-accumdir", accumulated.toString());
        MllrTransform.check(solved);
        Files.copy(solved, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<String> words(Sample s) {
        return List.of(s.words().toLowerCase(Locale.ROOT).trim().split("\\s+"));
    }

    private static void run(Path dir, String name, String... command) throws IOException {
        List<String> niced = new ArrayList<>(List.of("nice", "-n", "19"));
        niced.addAll(List.of(command));
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(niced).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(name + " took longer than " + TOOL_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(name + " was interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(name + " failed (exit " + p.exitValue() + "): " + tail(log));
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
