package dev.opencic.bench.tts;

import dev.opencic.server.speech.FliteLameEngine;
import dev.opencic.server.speech.SpeechSynthesisException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the in-process engine's synthesis of one sentence to MP3, start to last byte, per LAME
 * quality. The code alone, in a steady state; {@link TtsBenchmark} is the latency comparison with
 * the command-line pipeline (first byte, interleaved), which JMH cannot make. Sampled, so JMH
 * prints the percentiles; 2-second iterations, few of them: the machine has 2 shared cores.
 *
 * <pre>
 * ./cic bench org.openjdk.jmh.Main SynthesisBenchmark [-p quality=3] [-p voice=slt] [-p text="..."]
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SynthesisBenchmark {

    @Param({"3", "7"})
    public int quality;

    @Param("slt")
    public String voice;

    @Param(TtsBenchmark.DEFAULT_TEXT)
    public String text;

    private FliteLameEngine engine;

    @Setup(Level.Trial)
    public void startEngine() {
        engine = FliteLameEngine.builder().voice(voice).bitrateKbps(48).quality(quality).build();
        if (!engine.isAvailable()) {
            throw new IllegalStateException("engine unavailable: " + engine.unavailableReason());
        }
    }

    @TearDown(Level.Trial)
    public void closeEngine() {
        engine.close();
    }

    /** Returns the MP3 bytes produced, so the work cannot be optimised away. */
    @Benchmark
    public long synthesizeSentence() throws SpeechSynthesisException {
        long[] bytes = {0};
        engine.synthesize(text, "en", mp3 -> bytes[0] += mp3.length);
        return bytes[0];
    }
}
