package dev.opencic.server.speech.asr;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the engine's domain language model while it runs, with sentences added since start (an
 * extension's samples and "open NAME", registered without a restart): the start's preparation plus
 * the added sentences is written under other file names, a new set of decoders is built from it on
 * this class's one background thread, and the pool swaps them in ({@link DecoderPool#replaceAll}):
 * utterances already decoding finish on the old model, every later one gets the new. Requests made
 * while a rebuild runs are coalesced: the next rebuild takes the newest sentences. A rebuild that
 * fails leaves the current model in place (logged).
 *
 * <p>Costs what the start's model did: a few seconds of one core and, while both sets live, twice
 * the decoders' native memory. Metric {@code cic.asr.language_model.generation} (0 = the start's).
 */
final class DomainModelUpdates implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PocketSphinxEngine.class);

    private final PocketSphinxNatives.Loaded natives;
    private final LanguageModelPreparation start;
    private final WorkDirectory dir;
    private final int poolSize;
    private final DecoderPool pool;
    private final Consumer<RecognizerModel> applied;
    /** One thread at most, none while idle: rebuilds run one after the other. */
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "asr-model-rebuild");
                t.setDaemon(true);
                return t;
            });
    private final AtomicInteger generation = new AtomicInteger();
    private volatile List<String> wanted = List.of();
    /** The added sentences of the model in use; read and written on the executor's thread only. */
    private List<String> built = List.of();

    DomainModelUpdates(PocketSphinxNatives.Loaded natives, LanguageModelPreparation start, WorkDirectory dir,
                       int poolSize, DecoderPool pool, Consumer<RecognizerModel> applied, MeterRegistry meters) {
        this.natives = natives;
        this.start = start;
        this.dir = dir;
        this.poolSize = poolSize;
        this.pool = pool;
        this.applied = applied;
        if (meters != null) {
            Gauge.builder("cic.asr.language_model.generation", generation, AtomicInteger::get)
                    .description("Domain language models built since start (0 = the start's)")
                    .tag("engine", "pocketsphinx").register(meters);
        }
    }

    /** Rebuilds with the start's sentences plus {@code added} (replacing what was added before); true once in use. */
    CompletableFuture<Boolean> update(List<String> added) {
        wanted = List.copyOf(added);
        try {
            return CompletableFuture.supplyAsync(this::rebuildIfChanged, executor);
        } catch (java.util.concurrent.RejectedExecutionException e) { // closed
            return CompletableFuture.completedFuture(false);
        }
    }

    private boolean rebuildIfChanged() {
        List<String> target = wanted;
        if (target.equals(built)) {
            return true;
        }
        long t0 = System.nanoTime();
        int next = generation.get() + 1;
        try {
            RecognizerModel model = start.withMoreSentences(target).prepare(natives.sb(), dir, "-" + next % 2);
            PocketSphinxDecoder.Config config = model.decoderConfig();
            DecoderSet decoders = DecoderSet.build(natives.ps(), natives.sb(), config, poolSize);
            pool.replaceAll(decoders.decoders(), id -> PocketSphinxDecoder.create(natives.ps(), natives.sb(), id, config));
            built = target;
            applied.accept(model);
            generation.set(next);
            log.info("event=LanguageModelRebuilt generation={} addedSentences={} tookMs={}", next, target.size(),
                    (System.nanoTime() - t0) / 1_000_000);
            return true;
        } catch (IOException | RuntimeException | LinkageError e) {
            log.warn("event=LanguageModelRebuildFailed addedSentences={}: the current model stays", target.size(), e);
            return false;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
