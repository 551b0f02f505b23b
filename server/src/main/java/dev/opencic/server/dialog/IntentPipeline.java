package dev.opencic.server.dialog;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.SpeechRecognizer;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.Reply;
import dev.opencic.server.nlu.IntentMatch;
import dev.opencic.server.nlu.IntentMatcher;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import dev.opencic.server.speech.SpeechOutput;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From the user's words to the reply: match the intent, ask the skill that owns it, and answer
 * with a Speak (when speech synthesis is available) and a {@code Clova.RenderText}, both under the
 * request's dialogRequestId. Text and speech requests share this one path.
 */
public final class IntentPipeline {

    private static final Logger log = LoggerFactory.getLogger(IntentPipeline.class);

    private final IntentMatcher matcher;
    private final Map<String, Skill> skillsByIntent = new HashMap<>();
    private final SkillAnswer fallback;
    private final SpeechOutput speech;
    private final String lang;
    private final ZoneResolver zones;
    private final Clock clock;

    /** How long a device listens after ExpectSpeech before it reports ExpectSpeechTimedOut. */
    static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(8);

    private final DialogSessions sessions;

    /**
     * A pipeline answering each device in its own zone.
     *
     * @param fallback the answer when no intent matched (the server's says what to try instead)
     */
    public IntentPipeline(IntentMatcher matcher, List<Skill> skills, SkillAnswer fallback, SpeechOutput speech,
                          String lang, ZoneResolver zones, Clock clock) {
        this.matcher = matcher;
        this.fallback = fallback;
        this.speech = speech;
        this.lang = lang;
        this.zones = zones;
        this.clock = clock;
        this.sessions = new DialogSessions(LISTEN_TIMEOUT, clock);
        for (Skill s : skills) {
            for (String intent : s.intents()) {
                if (skillsByIntent.putIfAbsent(intent, s) != null) {
                    throw new IllegalArgumentException("two skills for intent " + intent);
                }
            }
        }
        matcher.templates().stream().map(t -> t.intent()).distinct()
                .filter(i -> !skillsByIntent.containsKey(i))
                .findAny().ifPresent(i -> {
                    throw new IllegalArgumentException("intent " + i + " has templates but no skill");
                });
    }

    /** Dialogues waiting for a reply (ended by ExpectSpeechTimedOut). */
    public DialogSessions sessions() {
        return sessions;
    }

    public CompletableFuture<Reply> respond(String utterance, EventRequest request) {
        CompletableFuture<Void> accepted = request.accepted().toCompletableFuture();
        if (!accepted.isDone() || accepted.isCompletedExceptionally()) {
            // A spoken request still uploading (or refused): no skill acts before the transport has
            // accepted the request whole, so a bad part after the audio changes nothing (issue 17).
            return accepted.thenComposeAsync(v -> respondAccepted(utterance, request), request.blockingExecutor());
        }
        return respondAccepted(utterance, request);
    }

    private CompletableFuture<Reply> respondAccepted(String utterance, EventRequest request) {
        Optional<DialogSessions.Pending> waiting = sessions.take(request.device(), request.dialogRequestId());
        ZoneId zone = zones.zoneOf(request.device());
        if (waiting.isPresent() && isCancel(utterance)) {
            // Whatever the question was, "cancel" or "never mind" ends the dialogue.
            log.info("event=DialogCancelled device={} dialogRequestId={}", request.device().deviceId(),
                    request.dialogRequestId());
            return CompletableFuture.completedFuture(answer(SkillAnswer.say("Okay, never mind."), request));
        }
        if (waiting.isPresent() && waiting.get().followUp() != null) {
            log.info("event=DialogContinued device={} dialogRequestId={}", request.device().deviceId(),
                    request.dialogRequestId());
            SkillRequest reply = new SkillRequest(null, utterance, request, zone, clock);
            return waiting.get().followUp().onReply(utterance, reply).thenApply(a -> answer(a, request));
        }
        Optional<IntentMatch> match = matcher.match(utterance);
        CompletableFuture<SkillAnswer> answer;
        if (match.isEmpty()) {
            log.info("event=IntentNotUnderstood device={} dialogRequestId={}", request.device().deviceId(),
                    request.dialogRequestId());
            answer = CompletableFuture.completedFuture(fallback);
        } else {
            IntentMatch m = match.get();
            log.info("event=IntentMatched device={} dialogRequestId={} intent={} confidence={}",
                    request.device().deviceId(), request.dialogRequestId(), m.intent(),
                    String.format("%.2f", m.confidence()));
            answer = skillsByIntent.get(m.intent()).answer(new SkillRequest(m, utterance, request, zone, clock));
        }
        return answer.thenApply(a -> answer(a, request));
    }

    private static final java.util.regex.Pattern CANCEL = java.util.regex.Pattern.compile(
            "(?:(?:oh |no |ok |okay )?(?:cancel|never ?mind|forget (?:it|about it)|nothing|stop|quit|"
            + "no thanks|no thank you|don't bother|skip it)(?: it| that| please| then| thanks)*)");

    /** Words that end a dialogue waiting for an answer. */
    static boolean isCancel(String utterance) {
        return CANCEL.matcher(dev.opencic.server.nlu.TextNormalizer.normalize(utterance)).matches();
    }

    /** The reply for an answer already decided (e.g. "I didn't catch that"). */
    public Reply answer(SkillAnswer answer, EventRequest request) {
        Reply.Builder reply = Reply.builder();
        boolean silent = answer.speech().isEmpty(); // e.g. a volume change: no voice over the music
        if (!silent && speech.isAvailable()) {
            speech.speak(reply, answer.speech(), lang, request.dialogRequestId(), request.device());
        } else if (!silent) {
            // Without a speech engine the device still gets the answer as text rather than nothing.
            log.warn("event=SpeechUnavailable reason=\"{}\"", speech.engine().unavailableReason());
        }
        if (answer.template() != null) {
            reply.directive(Directive.of(Namespaces.CLOVA, "RenderTemplate", request.dialogRequestId(),
                    answer.template()));
        } else {
            reply.directive(TextRecognizerHandler.renderText(answer.display(), request.dialogRequestId()));
        }
        answer.directives().forEach(reply::directive);
        if (answer.expectsReply()) {
            // The device opens its microphone again and answers under the same dialogRequestId.
            String expectSpeechId = dev.opencic.protocol.MessageIds.newId();
            reply.directive(Directive.of(request.dialogRequestId(), new SpeechRecognizer.ExpectSpeech(
                    expectSpeechId, LISTEN_TIMEOUT.toMillis(), answer.followUp() != null)));
            sessions.expect(request.device(), request.dialogRequestId(),
                    new DialogSessions.Pending(expectSpeechId, answer.followUp()));
        }
        return reply.build();
    }
}
