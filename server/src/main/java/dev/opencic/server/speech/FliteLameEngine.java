package dev.opencic.server.speech;

import com.sun.jna.Pointer;
import dev.opencic.server.speech.internal.FliteLibrary;
import dev.opencic.server.speech.internal.FliteStreamer;
import dev.opencic.server.speech.internal.LameLibrary;
import dev.opencic.server.speech.internal.LameMp3Encoder;
import dev.opencic.server.speech.internal.SpeechNatives;
import dev.opencic.server.speech.internal.SpeechText;
import dev.opencic.server.speech.internal.WorkerPool;
import dev.opencic.server.speech.internal.WorkerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * English text to speech in process: flite (libflite, through JNA) synthesises 16-bit mono PCM at the
 * voice's own rate (16 kHz for slt, rms, awb and kal16; 8 kHz for kal) and libmp3lame encodes it to
 * constant-bit-rate mono MP3 at that same rate, so nothing is resampled. Audio is streamed: text is
 * split into sentences, flite's streaming callback hands PCM to LAME while flite is still
 * synthesising, and every completed MP3 frame goes to the sink at once. The stream carries no ID3
 * tag and no Xing frame: its first byte is an MPEG frame sync.
 *
 * <p>Libraries are loaded and the voice registered once, at construction, which never throws for a
 * missing library or voice: the engine then reports {@link #isAvailable()} false with a reason that
 * names the fix.
 *
 * <p><b>Threads.</b> Safe for concurrent use. flite synthesis is serialised process-wide on one
 * "flite-synthesis" thread (see {@link FliteStreamer} for why), which streams PCM to the calling
 * thread; the calling thread encodes with its own {@code lame_global_flags}, created and closed
 * within the call (about 0.1 ms), and calls the sink. So encoding overlaps synthesis, concurrent
 * calls encode in parallel, and a slow sink delays only its own call.
 *
 * <p><b>Every core.</b> flite's state is process-wide, so with {@link Builder#parallelism(int)}
 * N &gt; 1 the engine also runs N−1 worker processes ({@link FliteWorkerMain}, each with its own
 * flite, the same voice and settings), started the first time two texts overlap, replaced when one
 * dies, stopped by {@link #close()}. Each call goes to the slot (in process or a worker) with the
 * fewest texts in progress, where texts take turns sentence by sentence as before, and a worker's
 * MP3 frames go to the sink as they come. A caller that stops consuming (its sink throws, or it is
 * interrupted) cancels the worker's synthesis.
 */
public final class FliteLameEngine implements SpeechSynthesisEngine {

    public static final String DEFAULT_VOICE = "slt";
    public static final int DEFAULT_BITRATE_KBPS = 48;
    /**
     * LAME's algorithm quality. 5 rather than LAME's 3: on flite speech at 48 kbps the decoded audio
     * is the same (SNR 25.5 vs 25.7 dB, log-spectral distance 7.05 vs 7.04 dB against the PCM) for
     * about a quarter less encoding CPU, which is what bounds synthesis on every core
     * (docs/benchmarks.md, "Synthesis on every core").
     */
    public static final int DEFAULT_QUALITY = 5;
    /** Longest text accepted in one call, in characters after clean-up. */
    public static final int MAX_TEXT_CHARS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(FliteLameEngine.class);
    private static final Set<String> LANGUAGES = Set.of("en");
    private static final String PROBE_TEXT = "Hello.";

    private final String voiceName;
    private final int bitrateKbps;
    private final int quality;
    private final int streamChunkMillis;
    private final String unavailableReason;
    private final LameLibrary lame;
    private final Pointer voice;
    private final int sampleRate;
    private final FliteStreamer streamer;
    private final WorkerPool pool;
    private volatile boolean closed;

    /** The default engine: voice slt, 48 kbps. */
    public static FliteLameEngine create() {
        return builder().build();
    }

    /**
     * An engine speaking with {@code voice} ({@code slt}, {@code rms}, {@code awb}, {@code kal16},
     * {@code kal}, or any {@code libflite_cmu_us_NAME.so.1} installed) at {@code bitrateKbps}
     * constant bit rate, mono.
     */
    public static FliteLameEngine create(String voice, int bitrateKbps) {
        return builder().voice(voice).bitrateKbps(bitrateKbps).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private FliteLameEngine(Builder b) {
        this.voiceName = SpeechNatives.shortVoiceName(b.voice);
        this.bitrateKbps = b.bitrateKbps;
        this.quality = b.quality;
        this.streamChunkMillis = b.streamChunkMillis;

        String reason = "";
        FliteLibrary f = null;
        LameLibrary l = null;
        Pointer v = null;
        int rate = 0;
        FliteStreamer s = null;
        SpeechNatives.Loaded<FliteLibrary> loadedFlite = SpeechNatives.flite();
        SpeechNatives.Loaded<LameLibrary> loadedLame = SpeechNatives.lame();
        if (!loadedFlite.isLoaded()) {
            reason = loadedFlite.failure();
        } else if (!loadedLame.isLoaded()) {
            reason = loadedLame.failure();
        } else {
            f = loadedFlite.value();
            l = loadedLame.value();
            SpeechNatives.Loaded<Pointer> loadedVoice = SpeechNatives.voice(b.voice);
            if (!loadedVoice.isLoaded()) {
                reason = loadedVoice.failure();
            } else {
                v = loadedVoice.value();
                try {
                    // probe: learns the voice's sample rate, checks LAME accepts it, warms everything up
                    FliteStreamer probe = new FliteStreamer(f, 256);
                    int probeRate = probe.synthesize(v, PROBE_TEXT, (pcm, r) -> {}).sampleRate();
                    try (LameMp3Encoder enc = LameMp3Encoder.open(l, probeRate, bitrateKbps, quality)) {
                        enc.encode(new short[probeRate / 10], probeRate / 10);
                        enc.flush();
                    }
                    rate = probeRate;
                    s = new FliteStreamer(f, Math.max(64, probeRate * streamChunkMillis / 1000));
                } catch (Exception | LinkageError e) {
                    log.warn("flite voice {} failed its self-test", voiceName, e);
                    reason = "flite voice '" + voiceName + "' failed its self-test: " + e.getMessage();
                }
            }
        }
        this.unavailableReason = reason;
        this.lame = reason.isEmpty() ? l : null;
        this.voice = reason.isEmpty() ? v : null;
        this.sampleRate = reason.isEmpty() ? rate : 0;
        this.streamer = reason.isEmpty() ? s : null;
        if (!reason.isEmpty()) {
            log.warn("speech synthesis unavailable: {}", reason);
        }
        this.pool = reason.isEmpty() && b.parallelism > 1
                ? new WorkerPool(workerCommand(b), b.parallelism - 1) : null;
    }

    /** The worker's command line: this JVM's java and class path, a small heap, the same voice settings. */
    private static List<String> workerCommand(Builder b) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx64m", "-Xss1m", "-XX:+UseSerialGC",
                "-XX:CICompilerCount=2", "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-cp", System.getProperty("java.class.path"), FliteWorkerMain.class.getName()));
        cmd.addAll(List.of(b.voice, Integer.toString(b.bitrateKbps), Integer.toString(b.quality),
                Integer.toString(b.streamChunkMillis)));
        return cmd;
    }

    /** How many texts are synthesised at once: 1 (in process only) plus the worker processes. */
    public int parallelism() {
        return pool == null ? 1 : pool.size();
    }

    /** Process ids of the running worker processes (none until two texts overlap, or with parallelism 1). */
    public List<Long> workerPids() {
        return pool == null ? List.of() : pool.workerPids();
    }

    @Override
    public String name() {
        return "flite";
    }

    /** The voice's short name, such as {@code slt}. */
    public String voice() {
        return voiceName;
    }

    /** PCM and MP3 sample rate in Hz (the voice's own), or 0 when unavailable. */
    public int sampleRate() {
        return sampleRate;
    }

    public int bitrateKbps() {
        return bitrateKbps;
    }

    @Override
    public Set<String> languages() {
        return LANGUAGES;
    }

    @Override
    public boolean isAvailable() {
        return unavailableReason.isEmpty() && !closed;
    }

    @Override
    public String unavailableReason() {
        if (!unavailableReason.isEmpty()) {
            return unavailableReason;
        }
        return closed ? "the engine is closed" : "";
    }

    @Override
    public void synthesize(String text, String lang, Mp3Sink sink) throws SpeechSynthesisException {
        Objects.requireNonNull(sink, "sink");
        if (!isAvailable()) {
            throw new SpeechSynthesisException(unavailableReason(), SpeechSynthesisException.Kind.UNAVAILABLE);
        }
        if (!supports(lang)) {
            throw new SpeechSynthesisException("lang '" + lang + "' is not supported; supported: "
                    + String.join(", ", LANGUAGES), SpeechSynthesisException.Kind.UNSUPPORTED_LANGUAGE);
        }
        String clean = SpeechText.normalize(text);
        if (clean.isEmpty()) {
            throw new SpeechSynthesisException("text is blank: nothing to synthesise",
                    SpeechSynthesisException.Kind.BAD_INPUT);
        }
        if (clean.length() > MAX_TEXT_CHARS) {
            throw new SpeechSynthesisException("text is " + clean.length() + " characters long; at most "
                    + MAX_TEXT_CHARS + " are accepted", SpeechSynthesisException.Kind.BAD_INPUT);
        }
        if (pool == null) {
            synthesizeInProcess(clean, sink);
            return;
        }
        for (int attempt = 1; ; attempt++) {
            Object slot = pool.acquire();
            if (slot == WorkerPool.IN_PROCESS) {
                try {
                    synthesizeInProcess(clean, sink);
                } finally {
                    pool.release(slot);
                }
                return;
            }
            if (synthesizeInWorker((WorkerProcess) slot, clean, lang, sink, attempt < 3)) {
                return;
            }
        }
    }

    /**
     * Returns false when the worker died before any audio was sent and {@code mayRetry}: the text
     * can then go to another slot, as if nothing had happened.
     */
    private boolean synthesizeInWorker(WorkerProcess worker, String clean, String lang, Mp3Sink sink,
                                       boolean mayRetry) throws SpeechSynthesisException {
        boolean[] delivered = {false};
        try {
            worker.synthesize(pool.nextRequestId(), clean, lang, mp3 -> {
                delivered[0] = true;
                emit(sink, mp3);
            });
            return true;
        } catch (WorkerProcess.WorkerFailure e) {
            throw new SpeechSynthesisException(e.getMessage(), kindNamed(e.kind()));
        } catch (WorkerProcess.WorkerDied e) {
            if (!delivered[0] && mayRetry && !closed) {
                log.warn("event=FliteWorkerLost action=retry cause=\"{}\"", e.getMessage());
                return false;
            }
            throw new SpeechSynthesisException("flite synthesis failed: " + e.getMessage(), e);
        } catch (SinkException e) {
            throw new SpeechSynthesisException("the MP3 sink failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechSynthesisException("interrupted while synthesising", e);
        }
    }

    private static SpeechSynthesisException.Kind kindNamed(String name) {
        for (SpeechSynthesisException.Kind k : SpeechSynthesisException.Kind.values()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return SpeechSynthesisException.Kind.FAILED;
    }

    private void synthesizeInProcess(String clean, Mp3Sink sink) throws SpeechSynthesisException {
        List<String> sentences = SpeechText.sentences(clean);
        try (LameMp3Encoder encoder = LameMp3Encoder.open(lame, sampleRate, bitrateKbps, quality);
                FliteStreamer.PcmStream pcm = streamer.stream(voice, sentences, sampleRate)) {
            // flite synthesises on its own thread while this one encodes and writes
            for (short[] chunk = pcm.next(); chunk != null; chunk = pcm.next()) {
                emit(sink, encoder.encode(chunk, chunk.length));
            }
            emit(sink, encoder.flush());
        } catch (SinkException e) {
            throw new SpeechSynthesisException("the MP3 sink failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechSynthesisException("interrupted while synthesising", e);
        } catch (Exception e) {
            throw new SpeechSynthesisException("flite/LAME synthesis failed: " + e.getMessage(), e);
        }
    }

    private static void emit(Mp3Sink sink, byte[] mp3) {
        if (mp3.length == 0) {
            return;
        }
        try {
            sink.write(mp3);
        } catch (RuntimeException e) {
            throw new SinkException(e);
        }
    }

    private static boolean supports(String lang) {
        if (lang == null) {
            return false;
        }
        String l = lang.toLowerCase(Locale.ROOT);
        return LANGUAGES.contains(l) || l.startsWith("en-") || l.startsWith("en_");
    }

    /**
     * Marks the engine closed and stops its worker processes (waiting until they are gone). The
     * in-process flite voice is a process-wide singleton that other engines may share, so it stays
     * registered.
     */
    @Override
    public void close() {
        closed = true;
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    public String toString() {
        return "FliteLameEngine[voice=" + voiceName + ", " + sampleRate + " Hz, " + bitrateKbps + " kbps, "
                + parallelism() + " at once, "
                + (isAvailable() ? "available" : "unavailable: " + unavailableReason()) + "]";
    }

    private static final class SinkException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SinkException(RuntimeException cause) {
            super(cause);
        }
    }

    /** Engine settings; every one has a sensible default. */
    public static final class Builder {
        private String voice = DEFAULT_VOICE;
        private int bitrateKbps = DEFAULT_BITRATE_KBPS;
        private int quality = DEFAULT_QUALITY;
        private int streamChunkMillis = 80;
        private int parallelism = 1;

        private Builder() {}

        /**
         * How many texts are synthesised at once, 1 to 64: one in this process, the others in flite
         * worker processes; default 1 (in process only). The server uses {@code tts-parallelism},
         * whose default is the number of cores.
         */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1 || parallelism > 64) {
                throw new IllegalArgumentException("parallelism must be 1..64, was " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /** {@code slt} (default), {@code rms}, {@code awb}, {@code kal16}, {@code kal}, ... */
        public Builder voice(String voice) {
            this.voice = Objects.requireNonNull(voice, "voice");
            return this;
        }

        /** Constant bit rate in kbit/s, 8 to 160 (MPEG-2 layer III at 16 kHz); default 48. */
        public Builder bitrateKbps(int bitrateKbps) {
            if (bitrateKbps < 8 || bitrateKbps > 160) {
                throw new IllegalArgumentException("bitrate must be 8..160 kbps, was " + bitrateKbps);
            }
            this.bitrateKbps = bitrateKbps;
            return this;
        }

        /** LAME algorithm quality, 0 (best, slowest) to 9 (fastest); default 3, as the {@code lame} CLI. */
        public Builder quality(int quality) {
            if (quality < 0 || quality > 9) {
                throw new IllegalArgumentException("quality must be 0..9, was " + quality);
            }
            this.quality = quality;
            return this;
        }

        /**
         * How much audio flite produces between streaming callbacks, in ms; default 80 (about two
         * MP3 frames per sink write at 16 kHz). Smaller values mean more, smaller writes.
         */
        public Builder streamChunkMillis(int millis) {
            if (millis < 5 || millis > 1000) {
                throw new IllegalArgumentException("stream chunk must be 5..1000 ms, was " + millis);
            }
            this.streamChunkMillis = millis;
            return this;
        }

        /** Loads the libraries and registers the voice; never throws for a missing library or voice. */
        public FliteLameEngine build() {
            return new FliteLameEngine(this);
        }
    }
}
