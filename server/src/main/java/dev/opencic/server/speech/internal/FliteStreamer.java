package dev.opencic.server.speech.internal;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Synthesises one utterance with flite and hands its 16-bit mono PCM to a consumer while flite is
 * still producing it, through flite's audio streaming callback ({@code cst_audio_streaming_info}
 * set as the utterance's {@code streaming_info} feature). Voices that do not stream (or stream only
 * part of the wave) are completed from the utterance's final wave, so the consumer always receives
 * every sample exactly once, in order.
 *
 * <p><b>Threads.</b> All flite calls in the process are serialised on {@link #FLITE_LOCK}. flite
 * does not document any thread-safety, registered voices are process-wide singletons whose features
 * every utterance links to, its excitation noise comes from the C library's {@code rand()}, and on
 * an internal error flite calls {@code cst_error()}, which jumps through the process-global
 * {@code cst_errjmp} (or exits). {@link #stream} runs synthesis on one process-wide "flite" thread
 * (first come, first served) and hands PCM over a queue, so the caller encodes and writes MP3 on
 * its own thread, in parallel with flite, and a slow sink never holds up other requests' synthesis.
 */
public final class FliteStreamer {

    /** Guards every call into libflite, process-wide. */
    static final Object FLITE_LOCK = new Object();

    /** Receives PCM chunks in order; {@code pcm} is the consumer's to keep. */
    @FunctionalInterface
    public interface PcmConsumer {
        void accept(short[] pcm, int sampleRate) throws Exception;
    }

    /** What one utterance produced. */
    public record Result(int sampleRate, long samples, int streamedChunks) {}

    /**
     * flite's {@code feat_set} keeps the name pointer without copying it, so the name must outlive
     * every utterance: a JNA {@code String} argument is a temporary copy, this is never freed.
     */
    private static final Memory STREAMING_INFO = nativeString("streaming_info");
    private static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();
    private static final ExecutorService FLITE_THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "flite-synthesis");
        t.setDaemon(true);
        return t;
    });
    /** One native trampoline for the whole process, strongly held so it is never collected. */
    private static final FliteLibrary.AudioStreamCallback CALLBACK = new Dispatcher();

    private final FliteLibrary flite;
    private final int minChunkSamples;

    /**
     * @param minChunkSamples how much audio flite buffers before each callback (flite's default is 256)
     */
    public FliteStreamer(FliteLibrary flite, int minChunkSamples) {
        this.flite = flite;
        this.minChunkSamples = minChunkSamples;
    }

    /**
     * Synthesises {@code text} (one sentence, already normalised) with {@code voice}.
     *
     * @throws Exception whatever the consumer threw, or {@link IllegalStateException} if flite failed
     */
    public Result synthesize(Pointer voice, String text, PcmConsumer consumer) throws Exception {
        Memory cText = nativeString(text); // copied by utt_set_input_text

        Context ctx = new Context(consumer);
        synchronized (FLITE_LOCK) {
            Pointer utt = flite.new_utterance();
            if (utt == null) {
                throw new IllegalStateException("flite could not allocate an utterance");
            }
            CURRENT.set(ctx);
            try {
                flite.utt_set_input_text(utt, cText);
                flite.utt_init(utt, voice);
                Pointer asi = flite.new_audio_streaming_info();
                asi.setInt(FliteLibrary.ASI_MIN_BUFFSIZE, minChunkSamples);
                asi.setPointer(FliteLibrary.ASI_CALLBACK,
                        com.sun.jna.CallbackReference.getFunctionPointer(CALLBACK));
                asi.setPointer(FliteLibrary.ASI_USERDATA, null);
                // the cst_val owns the asi from here on: delete_utterance frees both
                Pointer features = utt.getPointer(0); // cst_utterance.features
                flite.feat_set(features, STREAMING_INFO, flite.audio_streaming_info_val(asi));

                Pointer done = flite.utt_synth(utt);
                if (ctx.error != null) {
                    throw ctx.error;
                }
                if (done == null) {
                    throw new IllegalStateException("flite failed to synthesise the text");
                }
                Pointer wave = flite.utt_wave(utt);
                if (wave == null) {
                    throw new IllegalStateException("flite produced no wave");
                }
                int rate = wave.getInt(FliteLibrary.WAVE_SAMPLE_RATE);
                int total = wave.getInt(FliteLibrary.WAVE_NUM_SAMPLES);
                if (ctx.delivered < total) { // voice without streaming support, or an unstreamed tail
                    Pointer samples = wave.getPointer(FliteLibrary.WAVE_SAMPLES);
                    short[] rest = samples.getShortArray(ctx.delivered * 2L, total - ctx.delivered);
                    consumer.accept(rest, rate);
                    ctx.delivered = total;
                }
                return new Result(rate, ctx.delivered, ctx.chunks);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            } finally {
                CURRENT.remove();
                flite.delete_utterance(utt);
                cText.close();
            }
        }
    }

    /**
     * Synthesises {@code sentences} in order on the flite thread; the caller drains the PCM with
     * {@link PcmStream#next()} as it comes, and closes the stream to cancel what is left.
     */
    public PcmStream stream(Pointer voice, List<String> sentences, int expectedSampleRate) {
        PcmStream stream = new PcmStream();
        FLITE_THREAD.execute(() -> synthesizeFrom(stream, voice, sentences, 0, expectedSampleRate));
        return stream;
    }

    /**
     * Synthesises sentence {@code index}, then queues the next one behind whatever other texts are
     * waiting, so that concurrent texts take turns sentence by sentence.
     */
    private void synthesizeFrom(PcmStream stream, Pointer voice, List<String> sentences, int index, int rate) {
        try {
            if (stream.cancelled || index >= sentences.size()) {
                stream.queue.add(PcmStream.END);
                return;
            }
            synthesize(voice, sentences.get(index), (pcm, r) -> {
                if (stream.cancelled) {
                    throw new CancellationException();
                }
                if (r != rate) {
                    throw new IllegalStateException("flite produced " + r + " Hz, expected " + rate);
                }
                stream.queue.add(pcm);
            });
            FLITE_THREAD.execute(() -> synthesizeFrom(stream, voice, sentences, index + 1, rate));
        } catch (Throwable t) {
            stream.queue.add(stream.cancelled ? PcmStream.END : t);
        }
    }

    /** PCM chunks of one text, in order, as the flite thread produces them. */
    public static final class PcmStream implements AutoCloseable {
        private static final Object END = new Object();
        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private volatile boolean cancelled;

        private PcmStream() {}

        /**
         * The next chunk, waiting for flite if needed; {@code null} once the text is done.
         *
         * @throws Exception what synthesis failed with
         */
        public short[] next() throws Exception {
            Object o = queue.take();
            if (o == END) {
                queue.add(END); // stay at the end
                return null;
            }
            if (o instanceof Exception e) {
                throw e;
            }
            if (o instanceof Throwable t) {
                throw new IllegalStateException("flite synthesis failed", t);
            }
            return (short[]) o;
        }

        /** Stops synthesis of the rest of the text (at the next streamed chunk) and drops queued PCM. */
        @Override
        public void close() {
            cancelled = true;
            queue.clear();
        }
    }

    private static Memory nativeString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        Memory m = new Memory(utf8.length + 1L);
        m.write(0, utf8, 0, utf8.length);
        m.setByte(utf8.length, (byte) 0);
        return m;
    }

    private static final class Context {
        final PcmConsumer consumer;
        int delivered;
        int chunks;
        Throwable error;

        Context(PcmConsumer consumer) {
            this.consumer = consumer;
        }
    }

    private static final class Dispatcher implements FliteLibrary.AudioStreamCallback {
        @Override
        public int invoke(Pointer wave, int start, int size, int last, Pointer asi) {
            Context ctx = CURRENT.get();
            if (ctx == null || ctx.error != null) {
                return FliteLibrary.STREAM_STOP;
            }
            try {
                // flite hands the growing utterance wave; [start, start + size) is the new audio.
                // Everything from the last delivered sample on is passed, so nothing is skipped or repeated.
                int from = ctx.delivered;
                int to = start + size;
                if (wave != null && to > from) {
                    int rate = wave.getInt(FliteLibrary.WAVE_SAMPLE_RATE);
                    short[] pcm = wave.getPointer(FliteLibrary.WAVE_SAMPLES).getShortArray(from * 2L, to - from);
                    ctx.delivered = to;
                    ctx.chunks++;
                    ctx.consumer.accept(pcm, rate);
                }
                return FliteLibrary.STREAM_CONTINUE;
            } catch (Throwable t) {
                ctx.error = t;
                return FliteLibrary.STREAM_STOP;
            }
        }
    }
}
