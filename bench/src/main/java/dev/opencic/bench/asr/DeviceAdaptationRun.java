package dev.opencic.bench.asr;

import dev.opencic.server.dialog.ConfidenceGate;
import dev.opencic.server.nlu.IntentMatcher;
import dev.opencic.server.nlu.TextNormalizer;
import dev.opencic.server.speech.asr.PocketSphinxEngine;
import dev.opencic.server.speech.asr.RecognitionResult;
import dev.opencic.server.speech.asr.RecognitionSession;
import dev.opencic.server.speech.asr.RecognitionUpdate;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code --adapt-from}: every voice of an adaptation corpus is one device, and the engine's own
 * per-device adaptation (the server's {@code asr-adaptation}) learns it before the measured files are
 * decoded on the same channels.
 *
 * <p>{@code reference} hands every file over with its reference text (what a device would give from
 * a voice-training session). {@code heard} is what the server does: each file is decoded on its
 * device's channel, with the device's transform as it stands, until the endpoint, and handed over
 * only when the server would act on it ({@link GateVerdicts#verdict}: {@link ConfidenceGate} says
 * ACT), with the words heard. After each utterance the run waits until the adaptation has finished,
 * so the figures do not depend on timing; the voices run in parallel.
 */
final class DeviceAdaptationRun {

    private DeviceAdaptationRun() {}

    static void adapt(PocketSphinxEngine engine, IntentMatcher matcher, List<Corpus.Entry> pool, boolean heard,
                      int bytesPerChunk, int threads) throws Exception {
        Map<String, List<Corpus.Entry>> byVoice = new LinkedHashMap<>();
        pool.forEach(e -> byVoice.computeIfAbsent(e.speaker(), v -> new ArrayList<>()).add(e));
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        List<Future<String>> done = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Map.Entry<String, List<Corpus.Entry>> voice : byVoice.entrySet()) {
            done.add(workers.submit(() -> adaptVoice(engine, matcher, voice.getKey(), voice.getValue(), heard,
                    bytesPerChunk)));
        }
        for (Future<String> f : done) {
            System.out.println(f.get());
        }
        workers.shutdown();
        System.out.printf("adaptation: %d voices in %.1f s%n", byVoice.size(), (System.nanoTime() - t0) / 1e9);
    }

    private static String adaptVoice(PocketSphinxEngine engine, IntentMatcher matcher, String voice,
                                     List<Corpus.Entry> files, boolean heard, int bytesPerChunk) throws Exception {
        ConfidenceGate gate = new ConfidenceGate();
        int kept = 0;
        int exact = 0;
        for (Corpus.Entry e : files) {
            byte[] pcm = Corpus.readPcm(e.file());
            String reference = TextNormalizer.normalize(e.text());
            String words = reference;
            if (heard) {
                ByteArrayOutputStream fed = new ByteArrayOutputStream();
                RecognitionResult r;
                try (RecognitionSession s = engine.open("en", Duration.ofMinutes(5), voice).get()) {
                    for (int off = 0; off < pcm.length; off += bytesPerChunk) {
                        byte[] chunk = Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + bytesPerChunk));
                        fed.writeBytes(chunk);
                        RecognitionUpdate u = s.feed(chunk);
                        if (u.endOfSpeech()) {
                            break; // the device stops capturing here
                        }
                    }
                    r = s.finish();
                }
                if (!GateVerdicts.verdict(matcher, gate, r.text(), r.confidence()).equals("ACT")) {
                    continue;
                }
                pcm = fed.toByteArray();
                words = r.text();
            }
            engine.learn(voice, pcm, words);
            kept++;
            exact += words.equals(reference) ? 1 : 0;
            while (!engine.adaptation().idle()) {
                Thread.sleep(50);
            }
        }
        return String.format("adaptation: voice %s kept %d of %d files (%d word for word right), %s", voice, kept,
                files.size(), exact, engine.adaptation().transformOf(voice) != null ? "adapted" : "NOT adapted");
    }
}
