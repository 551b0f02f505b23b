package dev.opencic.server.speech.asr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The en-us model files in a model directory (Debian's {@code pocketsphinx-en-us}): the acoustic
 * model, the pronunciation dictionary and, unless the engine decodes with its domain trigram
 * alone, a general language model.
 *
 * @param generalLanguageModel null when the domain trigram is the only language model
 */
record ModelFiles(Path modelDir, Path acousticModel, Path dictionary, Path generalLanguageModel) {

    private static final String MODEL_PACKAGE_COMMAND = "apt-get install -y pocketsphinx-en-us";

    /**
     * The files under {@code modelDir}; {@code generalLm} overrides its {@code en-us.lm.bin} and
     * {@code useGeneralLm} false leaves the general model out.
     */
    static ModelFiles in(Path modelDir, boolean useGeneralLm, Path generalLm) {
        Path lm = useGeneralLm ? (generalLm != null ? generalLm : modelDir.resolve("en-us.lm.bin")) : null;
        return new ModelFiles(modelDir, modelDir.resolve("en-us"), modelDir.resolve("cmudict-en-us.dict"), lm);
    }

    /** Why the model cannot be used, with the command that installs it; empty when every file is there. */
    Optional<String> missing() {
        if (Files.isDirectory(acousticModel) && Files.isRegularFile(dictionary)
                && (generalLanguageModel == null || Files.isRegularFile(generalLanguageModel))) {
            return Optional.empty();
        }
        return Optional.of("the PocketSphinx en-us model is missing (" + modelDir
                + (generalLanguageModel == null ? "" : ", " + generalLanguageModel) + "): run `"
                + MODEL_PACKAGE_COMMAND + "`");
    }
}
