package dev.opencic.server.speech.asr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decoders an engine starts with, built one after the other, and what building them cost: the
 * mean time per decoder and the native heap each took, measured with glibc's {@code mallinfo2}
 * ({@link NativeHeap}; the resident set's growth where that is not available).
 *
 * @param memoryPerDecoderBytes 0 when it could not be measured
 */
record DecoderSet(List<PocketSphinxDecoder> decoders, Duration initTime, long memoryPerDecoderBytes) {

    /** Logged under the engine's name, as this line always was. */
    private static final Logger log = LoggerFactory.getLogger(PocketSphinxEngine.class);

    static final DecoderSet EMPTY = new DecoderSet(List.of(), Duration.ZERO, 0);

    DecoderSet {
        decoders = List.copyOf(decoders);
    }

    /** Builds {@code count} decoders; when one fails, frees those already built and rethrows. */
    static DecoderSet build(PocketSphinxLibrary ps, SphinxBaseLibrary sb, PocketSphinxDecoder.Config config,
            int count) {
        List<PocketSphinxDecoder> built = new ArrayList<>();
        long heapBefore = NativeHeap.mallocInUse();
        long rssBefore = NativeHeap.residentBytes();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                built.add(PocketSphinxDecoder.create(ps, sb, i, config));
            }
        } catch (RuntimeException | LinkageError e) {
            for (PocketSphinxDecoder d : built) {
                d.free();
            }
            throw e;
        }
        Duration initTime = Duration.ofNanos((System.nanoTime() - t0) / Math.max(1, count));
        long heapAfter = NativeHeap.mallocInUse();
        long rssAfter = NativeHeap.residentBytes();
        long rssPer = rssBefore > 0 && rssAfter > rssBefore ? (rssAfter - rssBefore) / count : 0;
        long memPer = heapBefore >= 0 && heapAfter > heapBefore ? (heapAfter - heapBefore) / count : rssPer;
        log.info("pocketsphinx: {} decoders ready, {} ms and ~{} MB of native heap each (resident set grew {} MB each)",
                count, initTime.toMillis(), memPer / (1024 * 1024), rssPer / (1024 * 1024));
        return new DecoderSet(built, initTime, memPer);
    }
}
