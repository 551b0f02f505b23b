package dev.opencic.server.speech.asr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the engine's configuration into a {@link RecognizerModel}, once, at start: the domain
 * sentences become a trigram file ({@link ArpaTrigramWriter}), words missing from the dictionary get
 * pronunciations ({@link MissingPronunciations}), and the search dictionary is written
 * ({@link SearchVocabulary}), each into the engine's {@link WorkDirectory}.
 *
 * @param sentences the domain sentences (may be empty when the general model is used)
 * @param extraWords more words to make sure of, tokenised like the sentences
 * @param pronunciations given pronunciations, which replace the dictionary's
 * @param vocabularySize most probable words of the general model to search, 0 = the whole dictionary
 */
record LanguageModelPreparation(ModelFiles files, List<String> sentences, Collection<String> extraWords,
        Map<String, String> pronunciations, int vocabularySize, float domainWeight, int vadPostSpeech,
        Map<String, String> searchOptions) {

    /** Logged under the engine's name, as these lines always were. */
    private static final Logger log = LoggerFactory.getLogger(PocketSphinxEngine.class);

    /** Frames of speech before the detector starts an utterance ({@code -vad_prespeech}). */
    private static final int VAD_PRESPEECH = 10;
    /** The detector's threshold ({@code -vad_threshold}). */
    private static final double VAD_THRESHOLD = 2.0;

    LanguageModelPreparation {
        sentences = List.copyOf(sentences);
        extraWords = List.copyOf(extraWords);
        pronunciations = Map.copyOf(pronunciations);
        searchOptions = Map.copyOf(searchOptions);
    }

    /** Whether there is a language model to search with: the general one, or some domain sentence. */
    boolean hasLanguageModel() {
        return files.generalLanguageModel() != null || !sentences.stream().allMatch(String::isBlank);
    }

    /** This preparation with more domain sentences (an extension's samples, added while the server runs). */
    LanguageModelPreparation withMoreSentences(List<String> more) {
        List<String> all = new java.util.ArrayList<>(sentences);
        all.addAll(more);
        return new LanguageModelPreparation(files, all, extraWords, pronunciations, vocabularySize, domainWeight,
                vadPostSpeech, searchOptions);
    }

    /** Writes the domain trigram and the search dictionary to {@code dir} and collects the added words. */
    RecognizerModel prepare(SphinxBaseLibrary sb, WorkDirectory dir) throws IOException {
        return prepare(sb, dir, "");
    }

    /**
     * As {@link #prepare(SphinxBaseLibrary, WorkDirectory)}, the files' names ending with {@code suffix}:
     * a model rebuilt while the server runs must not overwrite the files the current decoders' rebuilds read.
     */
    RecognizerModel prepare(SphinxBaseLibrary sb, WorkDirectory dir, String suffix) throws IOException {
        Set<String> known = SearchVocabulary.readDictionaryWords(files.dictionary());
        Set<String> wanted = new LinkedHashSet<>();
        for (String w : extraWords) {
            wanted.addAll(ArpaTrigramWriter.tokenize(w));
        }
        dir.directory(); // there even when nothing is written to it, as the data directory always was
        Path arpa = null;
        if (!sentences.isEmpty()) {
            ArpaTrigramWriter writer = new ArpaTrigramWriter().addAll(sentences);
            if (writer.sentenceCount() > 0) {
                wanted.addAll(writer.vocabulary());
                arpa = dir.file("domain-trigram" + suffix + ".arpa");
                writer.write(arpa);
                log.info("domain trigram: {} sentences, {} words, written to {}",
                        writer.sentenceCount(), writer.vocabulary().size(), arpa);
            }
        }
        Map<String, String> added = MissingPronunciations.of(wanted, known, pronunciations);
        Path searchDictionary = searchDictionary(sb, known, wanted, dir, suffix);
        if (!added.isEmpty()) {
            log.info("adding {} words to the dictionary: {}", added.size(), added);
        }
        PocketSphinxDecoder.Config config = new PocketSphinxDecoder.Config(files.modelDir(), files.acousticModel(),
                searchDictionary != null ? searchDictionary : files.dictionary(), files.generalLanguageModel(), arpa,
                domainWeight, vadPostSpeech, VAD_PRESPEECH, VAD_THRESHOLD, Map.copyOf(added), searchOptions);
        return new RecognizerModel(config, added, arpa);
    }

    /**
     * Writes the dictionary the decoders search, or returns null when the whole dictionary is searched
     * as it is: the general model's {@link #vocabularySize} most probable words plus {@code wanted},
     * without the words given their own pronunciation (the library refuses to add a word it already
     * has, which would leave every decoder unbuilt).
     */
    private Path searchDictionary(SphinxBaseLibrary sb, Set<String> known, Set<String> wanted, WorkDirectory dir,
            String suffix) throws IOException {
        Path lm = files.generalLanguageModel();
        boolean mostProbable = lm != null && vocabularySize > 0;
        boolean replacesEntries = pronunciations.keySet().stream().anyMatch(known::contains);
        if (!mostProbable && !replacesEntries) {
            return null;
        }
        Set<String> keep;
        if (mostProbable) {
            keep = new HashSet<>(SearchVocabulary.mostProbableWords(sb, lm, vocabularySize));
            keep.addAll(wanted);
        } else {
            keep = new HashSet<>(known);
        }
        keep.removeAll(pronunciations.keySet());
        Path out = dir.file("search-dictionary" + suffix + ".dict");
        int entries = SearchVocabulary.writeDictionary(files.dictionary(), keep, out);
        log.info("search vocabulary: {} and {} domain words, {} dictionary entries, {} given their own "
                + "pronunciation", mostProbable ? "the " + vocabularySize + " most probable words of "
                + lm.getFileName() : "the whole dictionary", wanted.size(), entries, pronunciations.size());
        return out;
    }
}
