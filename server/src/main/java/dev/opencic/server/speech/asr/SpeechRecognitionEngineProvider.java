package dev.opencic.server.speech.asr;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Makes a recognition engine other than the built-in PocketSphinx, chosen with the server setting
 * {@code asr-engine=NAME}: the server finds the provider whose {@link #name()} is NAME with
 * {@link java.util.ServiceLoader} (a jar on the class path listing it in
 * {@code META-INF/services/dev.opencic.server.speech.asr.SpeechRecognitionEngineProvider}), hands it
 * what it knows of the domain in a {@link Context}, and uses the engine it returns for every
 * {@code SpeechRecognizer.Recognize}; no dialogue code changes. What an engine must provide
 * (streaming partials, endpointing, confidence, biasing to the templates) is in
 * {@code docs/asr-engine.md}.
 */
public interface SpeechRecognitionEngineProvider {

    /** The {@code asr-engine} value that selects this provider: lower case, digits and '-'. */
    String name();

    /** A ready engine (or one whose {@code isAvailable()} says why not); called once at server start. */
    SpeechRecognitionEngine create(Context context);

    /**
     * What the server knows when it builds an engine.
     *
     * @param language the CIC language code the server runs in ({@code "en"})
     * @param poolSize {@code asr-pool-size}: how many utterances the engine should decode at once
     * @param domainSentences sentences the intent templates accept, with slot examples, the modules'
     *     names and the household's: what users say, for biasing a language model or a hotword list
     * @param pronunciations the household's own words with CMU phones ({@code asr-words}), word → phones
     * @param hypothesisSelector picks among an engine's N-best texts the one the templates understand
     *     best; engines with N-best lists should use it, others may ignore it
     * @param dataDir a directory the engine may write (models it derives, caches)
     * @param meters where the engine may publish its metrics
     */
    record Context(String language, int poolSize, List<String> domainSentences, Map<String, String> pronunciations,
                   HypothesisSelector hypothesisSelector, Path dataDir, MeterRegistry meters) {
        public Context {
            Objects.requireNonNull(language, "language");
            domainSentences = List.copyOf(domainSentences);
            pronunciations = Map.copyOf(pronunciations);
            Objects.requireNonNull(dataDir, "dataDir");
        }
    }
}
