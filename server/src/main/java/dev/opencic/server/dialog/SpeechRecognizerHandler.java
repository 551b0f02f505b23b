package dev.opencic.server.dialog;

import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.SpeechRecognizer;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.DirectivePusher;
import dev.opencic.server.api.EventPayloads;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.SpeechArbiter;
import dev.opencic.server.api.Reply;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.speech.asr.RecognizerBusyException;
import dev.opencic.server.speech.asr.SpeechRecognitionEngine;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code SpeechRecognizer}: {@code Recognize} streams the user's speech into a pooled recogniser
 * while it uploads; partial text goes to the device's downchannel as {@code ShowRecognizedText},
 * the end of speech as {@code StopCapture}, and the final text through the same intent pipeline as
 * {@code TextRecognizer}, answered in the event's response.
 */
public final class SpeechRecognizerHandler implements NamespaceHandler {

    /** The one audio format the reference allows: 16 kHz, 16-bit little-endian, mono PCM. */
    public static final String FORMAT = "AUDIO_L16_RATE_16000_CHANNELS_1";

    private final SpeechRecognitionEngine engine;
    private final IntentPipeline pipeline;
    private final DirectivePusher pusher;
    private final String defaultLang;
    private final Duration maxWait;
    private final Duration maxUtterance;
    private final SpeechArbiter arbiter;

    public SpeechRecognizerHandler(SpeechRecognitionEngine engine, IntentPipeline pipeline, DirectivePusher pusher,
                                   String defaultLang, Duration maxWait, Duration maxUtterance) {
        this(engine, pipeline, pusher, defaultLang, maxWait, maxUtterance, SpeechArbiter.NONE);
    }

    /** @param arbiter which device answers an utterance several devices of one account heard */
    public SpeechRecognizerHandler(SpeechRecognitionEngine engine, IntentPipeline pipeline, DirectivePusher pusher,
                                   String defaultLang, Duration maxWait, Duration maxUtterance, SpeechArbiter arbiter) {
        this.arbiter = arbiter;
        this.engine = engine;
        this.pipeline = pipeline;
        this.pusher = pusher;
        this.defaultLang = defaultLang;
        this.maxWait = maxWait;
        this.maxUtterance = maxUtterance;
    }

    @Override
    public String namespace() {
        return Namespaces.SPEECH_RECOGNIZER;
    }

    @Override
    public Set<String> eventNames() {
        return Set.of("Recognize", "ExpectSpeechTimedOut");
    }

    @Override
    public boolean acceptsAudio(String eventName) {
        return "Recognize".equals(eventName);
    }

    @Override
    public CompletableFuture<Reply> handle(EventRequest request) {
        if ("ExpectSpeechTimedOut".equals(request.event().name())) {
            // The device waited for a follow-up that never came: the dialogue simply ends.
            // Answered once it has ended (in cluster mode, in Redis), so no node finds it afterwards.
            return pipeline.sessions().end(request.device(), request.dialogRequestId())
                    .thenApply(ended -> Reply.empty());
        }
        if (request.dialogRequestId() == null || request.dialogRequestId().isBlank()) {
            throw CicException.badRequest(request.event().header().qualifiedName() + " needs event.header.dialogRequestId");
        }
        SpeechRecognizer.Recognize payload = EventPayloads.read(request.event(), SpeechRecognizer.Recognize.class);
        String format = payload.format() == null ? FORMAT : payload.format();
        if (!FORMAT.equals(format)) {
            throw CicException.badRequest("unsupported audio format '" + format + "'; send " + FORMAT
                    + " (16 kHz, 16-bit little-endian, mono PCM)");
        }
        String lang = payload.lang() == null ? defaultLang : payload.lang();
        if (!engine.languages().contains(lang)) {
            throw CicException.badRequest("lang '" + lang + "' is not supported for speech recognition; supported: "
                    + String.join(", ", engine.languages().stream().sorted().toList()));
        }
        if (!engine.isAvailable()) {
            throw CicException.unavailable("speech recognition is unavailable: " + engine.unavailableReason());
        }
        String channel = channelOf(request.device());
        CompletableFuture<dev.opencic.server.speech.asr.RecognitionSession> session =
                engine.open(lang, maxWait, channel).exceptionallyCompose(e -> CompletableFuture.failedFuture(
                        CicErrorsForSpeech.map(e)));
        Utterance utterance = new Utterance(request, session, pusher, pipeline, maxUtterance,
                request.blockingExecutor(), arbiter.enter(request.device()),
                engine.learnsChannels() ? (pcm, words) -> engine.learn(channel, pcm, words) : null);
        request.audio().subscribe(utterance);
        return utterance.reply();
    }

    /** One device's microphone: the engine may carry what it learnt of it to the next utterance. */
    private static String channelOf(dev.opencic.server.api.DeviceIdentity device) {
        return device.accountId() + '/' + device.deviceId();
    }

    /** Maps engine failures to what the device is told. */
    static final class CicErrorsForSpeech {
        private CicErrorsForSpeech() {}

        static Throwable map(Throwable e) {
            Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            if (c instanceof RecognizerBusyException busy) {
                return CicException.unavailable("all " + busy.poolSize()
                        + " speech recognizers are busy; try again in a moment");
            }
            return c;
        }
    }

    /** What the device hears when there was no speech, or nothing recognisable, in the audio. */
    static final SkillAnswer NOT_HEARD = SkillAnswer.say("Sorry, I didn't catch that. Please say it again.");
}
