package dev.opencic.server.speech;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.payload.SpeechSynthesizer;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.Reply;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns text into a {@code SpeechSynthesizer.Speak} directive plus its MP3 attachment. Synthesis
 * runs while the response is written, so the Speak directive reaches the device first and the audio
 * follows as soon as the engine produces it.
 */
public final class SpeechOutput {

    private final SpeechSynthesisEngine engine;
    private final SpeechTokens tokens;
    private final Timer firstByte;
    private final Timer total;
    private final io.micrometer.core.instrument.Counter cacheHits;
    /**
     * Recently spoken answers ("It's 9:21 AM.", "Sorry, I didn't catch that."): many devices hear
     * the same sentence, and synthesis is the expensive stage, so repeats are served from memory (before admission).
     */
    private final com.github.benmanes.caffeine.cache.Cache<String, byte[]> recent =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .maximumWeight(32L * 1024 * 1024)
                    .weigher((String k, byte[] v) -> v.length + k.length() * 2)
                    .expireAfterAccess(java.time.Duration.ofMinutes(10))
                    .build();

    public SpeechOutput(SpeechSynthesisEngine engine, SpeechTokens tokens, MeterRegistry meters) {
        this.engine = engine;
        this.tokens = tokens;
        this.firstByte = Timer.builder("cic.tts.first_byte").description("Time to the first MP3 byte of a Speak")
                .tag("engine", engine.name()).publishPercentiles(0.5, 0.95).register(meters);
        this.cacheHits = io.micrometer.core.instrument.Counter.builder("cic.tts.cache.hits")
                .description("Speak audio served from the cache of recent answers")
                .tag("engine", engine.name()).register(meters);
        this.total = Timer.builder("cic.tts.latency").description("Time to synthesise and encode a Speak")
                .tag("engine", engine.name()).publishPercentiles(0.5, 0.95).register(meters);
    }

    public SpeechSynthesisEngine engine() {
        return engine;
    }

    public boolean isAvailable() {
        return engine.isAvailable();
    }

    /**
     * Checks that {@code lang} can be spoken now.
     *
     * @throws CicException {@code 400} naming the supported languages, or {@code 503} with the reason
     *                      the engine is unavailable
     */
    public void checkCanSpeak(String lang) {
        if (lang == null || !engine.languages().contains(lang)) {
            throw CicException.badRequest("lang '" + lang + "' is not supported for speech synthesis; supported: "
                    + String.join(", ", engine.languages().stream().sorted().toList()));
        }
        if (!engine.isAvailable()) {
            throw CicException.unavailable("speech synthesis is unavailable: " + engine.unavailableReason());
        }
    }

    /** Appends a Speak directive for {@code text} and its MP3 attachment to the reply. */
    public void speak(Reply.Builder reply, String text, String lang, String dialogRequestId,
                      dev.opencic.server.api.DeviceIdentity device) {
        checkCanSpeak(lang);
        String token = MessageIds.newId();
        String contentId = MessageIds.newId();
        Directive speak = Directive.of(dialogRequestId,
                new SpeechSynthesizer.Speak("AUDIO_MPEG", token, lang, text, "cid:" + contentId, 0));
        tokens.issued(token, device, dialogRequestId, text);
        reply.directive(speak);
        reply.attachment(contentId, new Synthesis(lang + '\n' + text, text, lang));
    }

    /**
     * The audio of a {@code Speak} sent before, made again for an event answered a second time from
     * its stored directives (a retried event: {@code events.EventReplay}); usually a cache hit.
     */
    public dev.opencic.server.api.AttachmentSource audioOf(String text, String lang) {
        return new Synthesis(lang + '\n' + text, text, lang);
    }

    /**
     * The audio of one Speak. A cached answer is {@link #ready()}, so the transport writes it at once
     * instead of queueing it behind synthesis; anything else is synthesised when the transport runs
     * {@link #writeTo} on its bounded synthesis stage.
     */
    private final class Synthesis implements dev.opencic.server.api.AttachmentSource {
        private final String key;
        private final String text;
        private final String lang;

        Synthesis(String key, String text, String lang) {
            this.key = key;
            this.text = text;
            this.lang = lang;
        }

        /** The cache is looked up once per Speak, so a hit is counted once however often this is asked. */
        private volatile boolean looked;
        private volatile byte[] cached;

        @Override
        public byte[] ready() {
            if (!looked) {
                byte[] found = recent.getIfPresent(key);
                if (found != null) {
                    cacheHits.increment();
                }
                cached = found;
                looked = true;
            }
            return cached;
        }

        @Override
        public void writeTo(java.util.function.Consumer<byte[]> sink) throws SpeechSynthesisException {
            byte[] known = looked ? cached : null;
            if (known == null && (known = recent.getIfPresent(key)) != null) {
                cacheHits.increment(); // said meanwhile by another request
            }
            if (known != null) {
                sink.accept(known);
                return;
            }
            long start = System.nanoTime();
            AtomicBoolean first = new AtomicBoolean(true);
            java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
            engine.synthesize(text, lang, mp3 -> {
                if (first.compareAndSet(true, false)) {
                    firstByte.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
                whole.writeBytes(mp3);
                sink.accept(mp3);
            });
            total.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            recent.put(key, whole.toByteArray());
        }
    }
}
