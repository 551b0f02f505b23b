package dev.opencic.server.speech.asr;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link LanguageModelPreparation} made of the configuration, once, at start: everything a
 * decoder is built from, and what the engine reports about it.
 *
 * @param decoderConfig null only for {@link #NONE}
 * @param addedWords words added to the dictionary, with their phones
 * @param domainLanguageModel the domain trigram file, null without domain sentences
 */
record RecognizerModel(PocketSphinxDecoder.Config decoderConfig, Map<String, String> addedWords,
        Path domainLanguageModel) {

    /** No model: the engine could not prepare one. */
    static final RecognizerModel NONE = new RecognizerModel(null, Map.of(), null);

    RecognizerModel {
        addedWords = Map.copyOf(addedWords);
    }

    Optional<Path> domainLanguageModelFile() {
        return Optional.ofNullable(domainLanguageModel);
    }
}
