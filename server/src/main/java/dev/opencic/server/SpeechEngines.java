package dev.opencic.server;

import dev.opencic.server.config.ServerConfig;
import dev.opencic.server.nlu.IntentMatcher;
import dev.opencic.server.nlu.PersonalWords;
import dev.opencic.server.nlu.SentenceGenerator;
import dev.opencic.server.nlu.SlotExamples;
import dev.opencic.server.skill.SkillModule;
import dev.opencic.server.speech.FliteLameEngine;
import dev.opencic.server.speech.SpeechSynthesisEngine;
import dev.opencic.server.speech.TemplateHypothesisSelector;
import dev.opencic.server.speech.asr.DisabledRecognitionEngine;
import dev.opencic.server.speech.asr.PocketSphinxEngine;
import dev.opencic.server.speech.asr.SpeechRecognitionEngine;
import dev.opencic.server.speech.asr.SpeechRecognitionEngineProvider;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The speech engines the server makes from its configuration when it is not handed its own. */
final class SpeechEngines {

    private static final Logger log = LoggerFactory.getLogger(SpeechEngines.class);

    private SpeechEngines() {}

    static SpeechSynthesisEngine synthesis(ServerConfig config) {
        return FliteLameEngine.builder().voice(config.ttsVoice()).bitrateKbps(config.ttsBitrateKbps())
                .parallelism(config.ttsParallelism()).build();
    }

    /**
     * PocketSphinx with a language model from the same templates the text path matches, plus the
     * modules' and the household's names; turned off by {@code asr-pool-size=0} or
     * {@code asr-engine=none}; another engine by {@code asr-engine=NAME} (a
     * {@link SpeechRecognitionEngineProvider} on the class path, given the same domain sentences).
     */
    static SpeechRecognitionEngine recognition(ServerConfig config, IntentMatcher intents, List<SkillModule> modules,
                                               PersonalWords personalWords, MeterRegistry meters) {
        return recognition(config, intents, modules, personalWords, meters,
                ServiceLoader.load(SpeechRecognitionEngineProvider.class, SpeechEngines.class.getClassLoader()));
    }

    static SpeechRecognitionEngine recognition(ServerConfig config, IntentMatcher intents, List<SkillModule> modules,
                                               PersonalWords personalWords, MeterRegistry meters,
                                               Iterable<SpeechRecognitionEngineProvider> providers) {
        if (config.asrPoolSize() == 0) {
            return new DisabledRecognitionEngine("speech recognition is turned off (asr-pool-size=0)");
        }
        if (config.asrEngine().equals("none")) {
            return new DisabledRecognitionEngine("speech recognition is turned off (asr-engine=none)");
        }
        List<String> domain = SentenceGenerator.recognizerCorpus(intents,
                slotExamples(config.language(), modules), personalWords, config.language());
        if (!config.asrEngine().equals("pocketsphinx")) {
            List<String> known = new ArrayList<>(List.of("pocketsphinx", "none"));
            for (SpeechRecognitionEngineProvider p : providers) {
                if (p.name().equals(config.asrEngine())) {
                    log.info("event=RecognitionEngine engine={} provider={}", p.name(), p.getClass().getName());
                    return p.create(new SpeechRecognitionEngineProvider.Context(config.language(), config.asrPoolSize(),
                            domain, personalWords.pronunciations(), new TemplateHypothesisSelector(intents, words -> claimed(modules, words)),
                            config.dataDir().resolve("asr-" + p.name()), meters));
                }
                known.add(p.name());
            }
            throw new IllegalArgumentException("asr-engine=" + config.asrEngine() + ": no such engine on the class path; known: "
                    + String.join(", ", known));
        }
        PocketSphinxEngine.Builder pocketsphinx = PocketSphinxEngine.builder();
        if (config.asrAdaptation() > 0) {
            pocketsphinx.adaptation(config.dataDir().resolve("asr-adaptation"), config.asrAdaptation());
        }
        return pocketsphinx
                .poolSize(config.asrPoolSize())
                .domainSentences(domain)
                .pronunciations(personalWords.pronunciations())
                .dataDir(config.dataDir().resolve("asr"))
                .vocabularySize(config.asrVocabularySize())
                .channelMemory(config.asrChannelMemory())
                // and the final text is the N-best path those templates understand best
                .hypothesisSelector(new TemplateHypothesisSelector(intents, words -> claimed(modules, words)))
                .meterRegistry(meters)
                .build();
    }

    /** Whether a module takes the words before the templates (an extension's invocation). */
    private static boolean claimed(List<SkillModule> modules, String words) {
        for (SkillModule m : modules) {
            if (m.claimsUtterance(words)) {
                return true;
            }
        }
        return false;
    }

    /** The household's names ({@code asr-words}), checked and summarised in the log; none without the setting. */
    static PersonalWords personalWords(ServerConfig config) throws IOException {
        Path file = config.asrWords();
        if (file == null) {
            return PersonalWords.none();
        }
        PersonalWords words = PersonalWords.read(file);
        try {
            words.pronunciations().forEach(PocketSphinxEngine::checkPronunciation);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("asr-words " + file + ": " + e.getMessage(), e);
        }
        long people = words.entries().stream().filter(e -> e.kind() == PersonalWords.Kind.PERSON).count();
        log.info("event=PersonalWords file={} people={} places={} pronunciations={}", file, people,
                words.entries().size() - people, words.entries().stream().filter(e -> e.pronunciation() != null).count());
        if (words.isEmpty()) {
            log.warn("event=PersonalWordsEmpty file={} reason=\"no person or place lines\"", file);
        }
        return words;
    }

    /**
     * The language's slot examples plus what the modules know from their own data (library names).
     * A module that cannot say does not stop the server: its names are only missing from the model.
     */
    static Map<String, List<String>> slotExamples(String language, List<SkillModule> modules) {
        Map<String, List<String>> all = new HashMap<>();
        SlotExamples.forLanguage(language).forEach((slot, values) -> all.put(slot, new ArrayList<>(values)));
        for (SkillModule m : modules) {
            try {
                m.slotExamples().forEach((slot, values) -> all.computeIfAbsent(slot, k -> new ArrayList<>()).addAll(values));
            } catch (RuntimeException e) {
                log.warn("event=SlotExamplesFailed module={} cause={}", m.getClass().getSimpleName(), e.toString());
            }
        }
        return all;
    }
}
