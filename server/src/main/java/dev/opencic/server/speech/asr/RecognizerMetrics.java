package dev.opencic.server.speech.asr;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * The engine's meters, tagged {@code engine=<name>}: gauges that read the pool, the decoders' memory
 * and the remembered channels, and per-utterance decoding time and real-time factor.
 */
final class RecognizerMetrics {

    private final Timer decodeTimer;
    private final DistributionSummary rtf;

    private RecognizerMetrics(Timer decodeTimer, DistributionSummary rtf) {
        this.decodeTimer = decodeTimer;
        this.rtf = rtf;
    }

    /** Registers every meter of {@code engine} in {@code registry}. */
    static RecognizerMetrics bind(MeterRegistry registry, PocketSphinxEngine engine, ChannelMeans channelMeans) {
        List<Tag> tags = List.of(Tag.of("engine", engine.name()));
        Gauge.builder("cic.asr.decoders", engine, PocketSphinxEngine::poolSize).tags(tags)
                .description("Speech decoders in the pool").register(registry);
        Gauge.builder("cic.asr.decoders.busy", engine, PocketSphinxEngine::busyDecoders).tags(tags)
                .description("Speech decoders leased to a session").register(registry);
        Gauge.builder("cic.asr.sessions.waiting", engine, PocketSphinxEngine::waitingSessions).tags(tags)
                .description("Recognitions waiting for a free decoder").register(registry);
        Gauge.builder("cic.asr.decoder.memory", engine, PocketSphinxEngine::memoryPerDecoderBytes).tags(tags)
                .baseUnit("bytes").description("Native heap per decoder, measured while building the pool")
                .register(registry);
        Gauge.builder("cic.asr.channels", channelMeans, ChannelMeans::size).tags(tags)
                .description("Devices whose microphone channel (cepstral mean) the recogniser remembers")
                .register(registry);
        Timer decode = Timer.builder("cic.asr.decode").tags(tags)
                .description("Decoding time per utterance (feeding and finishing)").register(registry);
        DistributionSummary rtf = DistributionSummary.builder("cic.asr.real_time_factor").tags(tags)
                .description("Decoding time divided by audio duration, per utterance").register(registry);
        return new RecognizerMetrics(decode, rtf);
    }

    /** One finished utterance. */
    void record(RecognitionResult r) {
        decodeTimer.record(Duration.ofNanos(r.processingNanos()));
        if (r.audioMillis() > 0) {
            rtf.record(r.realTimeFactor());
        }
    }
}
