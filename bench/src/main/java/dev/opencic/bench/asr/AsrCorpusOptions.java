package dev.opencic.bench.asr;

import dev.opencic.server.nlu.PersonalWords;
import dev.opencic.server.speech.TemplateHypothesisSelector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@link AsrCorpusBenchmark}'s options: which files, how to decode them, how to build the engine. */
final class AsrCorpusOptions {

    /** Whether a voice's files share a device's channel (cepstral mean) or each starts fresh. */
    enum Channels { NONE, VOICE }

    enum AdaptWith { HEARD, REFERENCE }

    /** How the text is chosen among the N-best: the server's rule, or the decoder's best path. */
    enum Selector { TEMPLATE, NONE }

    @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "The corpus.tsv of bench/corpus/generate.sh.")
    Path corpus;

    @Option(names = "--results", paramLabel = "FILE", description = "Write one row per file to this TSV file.")
    Path results;

    @Option(names = "--threads", paramLabel = "N", description = "Decoders working at once (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    @Option(names = "--chunk-ms", paramLabel = "MS", description = "Audio per feed, as a device uploads it (default: ${DEFAULT-VALUE}).")
    int chunkMs = 200;

    @Option(names = "--limit", paramLabel = "N", description = "Decode at most N files (default: all).")
    int limit = Integer.MAX_VALUE;

    @Option(names = "--voices", split = ",", paramLabel = "VOICE", description = "Only these voices' files (default: all).")
    List<String> voices;

    @Option(names = "--domain-weight", paramLabel = "W", description = "Weight of the domain trigram against en-us (default: the server's).")
    Double domainWeight;

    @Option(names = "--per-slot-template", paramLabel = "N",
            description = "Build the domain corpus with N sentences per slot template instead of the server's recognizer corpus.")
    Integer perSlotTemplate;

    @Option(names = "--extra-sentences", paramLabel = "FILE", description = "More domain sentences, one a line (# starts a comment).")
    Path extraSentences;

    @Option(names = "--words", paramLabel = "FILE", description = "A household's own names, as the server's asr-words (PersonalWords).")
    Path wordsFile;

    @Option(names = "--frames-per-name", paramLabel = "N", description = "Sentences each of the --words names is taught in (default: PersonalWords').")
    Integer framesPerName;

    @Option(names = "--selector", paramLabel = "template|none", description = "N-best choice: the server's TemplateHypothesisSelector, or none (default: template).")
    Selector selector = Selector.TEMPLATE;

    @Option(names = "--nbest", paramLabel = "N", description = "N-best paths the selector chooses among (default: the engine's).")
    Integer nbest;

    @Option(names = "--margin", paramLabel = "M", description = "The selector's margin (default: ${DEFAULT-VALUE}).")
    double margin = TemplateHypothesisSelector.DEFAULT_MARGIN;

    @Option(names = "--replay", paramLabel = "RESULTS.tsv",
            description = "Re-choose every file's text from the alternatives in an earlier run's --results, without decoding.")
    Path replay;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "Another PocketSphinx model directory.")
    Path modelDir;

    @Option(names = "--vocabulary", paramLabel = "N", description = "General-model words the search keeps (0 = the whole dictionary; default: the engine's).")
    Integer vocabulary;

    @Option(names = "--channels", paramLabel = "none|voice",
            description = "voice: each voice is one device, its files decoded in turn from the channel the previous left; none: every file fresh (default: none).")
    Channels channels = Channels.NONE;

    @Option(names = "--ps", paramLabel = "NAME=VALUE", description = "A PocketSphinx search option, e.g. -lw=8 or -beam=1e-60 (repeatable).")
    Map<String, String> psOptions = new LinkedHashMap<>();

    @Option(names = "--shuffle", paramLabel = "SEED",
            description = "Decode the files in a seeded random order (default: corpus order), so that a run stopped early has a sample of every part.")
    Long shuffle;

    @Option(names = "--hide-errors",
            description = "Do not list the misrecognised utterances (for a frozen evaluation set nobody may tune on).")
    boolean hideErrors;

    @Option(names = "--preprocess", paramLabel = "agc,denoise",
            description = "Clean each file as a device would before upload (UploadAudioCleaner: agc, denoise) before decoding (default: none).")
    String preprocess = "none";

    @Option(names = "--energy-endpointing", arity = "1", paramLabel = "true|false",
            description = "Endpoint by the engine's own energy detector, every frame decoded from the onset (default: the engine's).")
    Boolean energyEndpointing;

    @Option(names = "--adapt-from", paramLabel = "CORPUS.tsv",
            description = "Adapt each voice (one device) to its files in this corpus with the server's per-device adaptation before decoding (implies --channels voice).")
    Path adaptFrom;

    @Option(names = "--adapt-with", paramLabel = "reference|heard",
            description = "reference: each adaptation file with its reference text; heard: decoded as the server would, kept only when the server would act on it, with the words heard (default: heard).")
    AdaptWith adaptWith = AdaptWith.HEARD;

    @Option(names = "--adapt-every", paramLabel = "N", description = "New utterances per adaptation, as asr-adaptation (default: ${DEFAULT-VALUE}).")
    int adaptEvery = 10;

    PersonalWords words() throws IOException {
        PersonalWords words = wordsFile == null ? PersonalWords.none() : PersonalWords.read(wordsFile);
        return framesPerName == null ? words : words.withFramesPerName(framesPerName);
    }

    boolean channelsByVoice() {
        return channels == Channels.VOICE || adaptFrom != null;
    }
}
