package dev.opencic.server.dialog;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.SpeechRecognizer;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.Reply;
import dev.opencic.server.nlu.IntentMatch;
import dev.opencic.server.nlu.IntentMatcher;
import dev.opencic.server.skill.PendingQuestion;
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
    private final Stops stops;
    private final ConfidenceGate gate = new ConfidenceGate();
    private final List<UtteranceClaim> claims = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Asked only when no template matched: an extension's samples said without its name. */
    private final List<UtteranceClaim> lastClaims = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * A pipeline answering each device in its own zone.
     *
     * @param fallback the answer when no intent matched (the server's says what to try instead)
     */
    public IntentPipeline(IntentMatcher matcher, List<Skill> skills, SkillAnswer fallback, SpeechOutput speech,
                          String lang, ZoneResolver zones, Clock clock) {
        this(matcher, skills, fallback, speech, lang, zones, clock, new LocalDialogSessions(DialogSessions.WINDOW, clock));
    }

    /** As above, with the dialogues waiting for a reply kept in {@code sessions} (Redis in cluster mode). */
    public IntentPipeline(IntentMatcher matcher, List<Skill> skills, SkillAnswer fallback, SpeechOutput speech,
                          String lang, ZoneResolver zones, Clock clock, DialogSessions sessions) {
        this.matcher = matcher;
        this.fallback = fallback;
        this.speech = speech;
        this.lang = lang;
        this.zones = zones;
        this.clock = clock;
        this.sessions = java.util.Objects.requireNonNull(sessions, "sessions");
        for (Skill s : skills) {
            for (String intent : s.intents()) {
                if (skillsByIntent.putIfAbsent(intent, s) != null) {
                    throw new IllegalArgumentException("two skills for intent " + intent);
                }
            }
        }
        this.stops = new Stops(skills);
        matcher.templates().stream().map(t -> t.intent()).distinct()
                .filter(i -> !skillsByIntent.containsKey(i) && !i.equals(Stops.INTENT))
                .findAny().ifPresent(i -> {
                    throw new IllegalArgumentException("intent " + i + " has templates but no skill");
                });
    }

    /** Lets {@code claim} answer words it recognises (an extension's invocation) before intent matching. */
    public void claimFirst(UtteranceClaim claim) {
        claims.add(java.util.Objects.requireNonNull(claim, "claim"));
    }

    /** Lets {@code claim} answer words no intent template matched, before the "didn't understand" answer. */
    public void claimLast(UtteranceClaim claim) {
        lastClaims.add(java.util.Objects.requireNonNull(claim, "claim"));
    }

    /** Dialogues waiting for a reply (ended by ExpectSpeechTimedOut). */
    public DialogSessions sessions() {
        return sessions;
    }

    /** Answers typed words (recognition confidence 1). */
    public CompletableFuture<Reply> respond(String utterance, EventRequest request) {
        return respond(utterance, 1.0, request);
    }

    /**
     * Answers the user's words.
     *
     * @param recognitionConfidence the recogniser's confidence in the words, 1 for typed text
     */
    public CompletableFuture<Reply> respond(String utterance, double recognitionConfidence, EventRequest request) {
        return respond(utterance, recognitionConfidence, request, () -> { });
    }

    /**
     * {@link #respond(String, double, EventRequest)}, telling {@code onActed} when a skill acted on
     * these words as they were heard: matched confidently enough not to ask back, and not declined.
     * The recogniser may learn the device's room from such an utterance (its words were right enough
     * to act on); a question, a confirmation or a "didn't catch that" does not count.
     */
    public CompletableFuture<Reply> respond(String utterance, double recognitionConfidence, EventRequest request,
            Runnable onActed) {
        CompletableFuture<Void> accepted = request.accepted().toCompletableFuture();
        if (!accepted.isDone() || accepted.isCompletedExceptionally()) {
            // A spoken request still uploading (or refused): no skill acts before the transport has
            // accepted the request whole, so a bad part after the audio changes nothing (issue 17).
            return accepted.thenComposeAsync(v -> respondAccepted(utterance, recognitionConfidence, request, onActed),
                    request.blockingExecutor());
        }
        return respondAccepted(utterance, recognitionConfidence, request, onActed);
    }

    private CompletableFuture<Reply> respondAccepted(String utterance, double recognitionConfidence,
            EventRequest request, Runnable onActed) {
        CompletableFuture<Optional<DialogSessions.Pending>> found = sessions.take(request.device(),
                request.dialogRequestId(), DialogSessions.speechIdOf(request));
        if (found.isDone()) {
            return respondTo(found.join(), utterance, recognitionConfidence, request, onActed);
        }
        // Asked in Redis (cluster mode): the skill runs on the blocking executor, not Lettuce's threads.
        return found.thenComposeAsync(waiting -> respondTo(waiting, utterance, recognitionConfidence, request, onActed),
                request.blockingExecutor());
    }

    private CompletableFuture<Reply> respondTo(Optional<DialogSessions.Pending> waiting, String utterance,
            double recognitionConfidence, EventRequest request, Runnable onActed) {
        ZoneId zone = zones.zoneOf(request.device());
        if (waiting.isPresent() && isCancel(utterance)) {
            // Whatever the question was, "cancel" or "never mind" ends the dialogue.
            log.info("event=DialogCancelled device={} dialogRequestId={}", request.device().deviceId(),
                    request.dialogRequestId());
            if (waiting.get().followUp() instanceof UtteranceClaim.CancellableFollowUp session) {
                // An extension's session: it hears that it ended, and "stop" also stops what sounds.
                SkillRequest cancel = new SkillRequest(null, utterance, request, zone, clock);
                session.cancelled();
                return stops.stop(cancel).thenApply(a -> answer(a == Stops.NOTHING
                        ? SkillAnswer.say("Okay, never mind.") : a, request));
            }
            return answered(SkillAnswer.say("Okay, never mind."), request);
        }
        if (waiting.isPresent() && waiting.get().followUp() instanceof Confirmation c) {
            log.info("event=DialogContinued device={} dialogRequestId={} confirming={}", request.device().deviceId(),
                    request.dialogRequestId(), c.match().intent());
            return confirm(c, utterance, recognitionConfidence, request, zone, onActed).thenCompose(a -> answered(a, request));
        }
        if (waiting.isPresent() && waiting.get().followUp() instanceof PendingQuestion q
                && skillsByIntent.containsKey(q.intent())) {
            log.info("event=DialogContinued device={} dialogRequestId={} asked={}", request.device().deviceId(),
                    request.dialogRequestId(), q.intent() + "." + q.asked());
            SkillRequest reply = new SkillRequest(null, utterance, request, zone, clock);
            return skillsByIntent.get(q.intent()).resume(q, utterance, reply).thenCompose(a -> answered(a, request));
        }
        if (waiting.isPresent() && waiting.get().followUp() != null
                && !(waiting.get().followUp() instanceof PendingQuestion)) {
            log.info("event=DialogContinued device={} dialogRequestId={}", request.device().deviceId(),
                    request.dialogRequestId());
            SkillRequest reply = new SkillRequest(null, utterance, request, zone, clock);
            return waiting.get().followUp().onReply(utterance, reply).thenCompose(a -> answered(a, request));
        }
        return understand(utterance, recognitionConfidence, request, zone, java.util.Set.of(), onActed)
                .thenCompose(a -> answered(a, request));
    }

    /**
     * Matches the words and lets the skill answer, if the request is sure enough for what it would do.
     * A skill that declines them ({@link SkillAnswer#NOT_MINE}) is left out and the words matched again.
     */
    private CompletableFuture<SkillAnswer> understand(String utterance, double recognitionConfidence,
            EventRequest request, ZoneId zone, java.util.Set<String> without, Runnable onActed) {
        for (UtteranceClaim claim : without.isEmpty() ? claims : List.<UtteranceClaim>of()) {
            Optional<CompletableFuture<SkillAnswer>> claimed = claim.claim(
                    new SkillRequest(null, utterance, request, zone, clock));
            if (claimed.isPresent()) {
                return claimed.get();
            }
        }
        Optional<IntentMatch> match = matcher.match(utterance, without);
        if (match.isEmpty()) {
            for (UtteranceClaim claim : lastClaims) {
                Optional<CompletableFuture<SkillAnswer>> claimed = claim.claim(
                        new SkillRequest(null, utterance, request, zone, clock));
                if (claimed.isPresent()) {
                    return claimed.get();
                }
            }
            log.info("event=IntentNotUnderstood device={} dialogRequestId={}", request.device().deviceId(),
                    request.dialogRequestId());
            return CompletableFuture.completedFuture(fallback);
        }
        IntentMatch m = match.get();
        log.info("event=IntentMatched device={} dialogRequestId={} intent={} confidence={} recognition={}",
                request.device().deviceId(), request.dialogRequestId(), m.intent(),
                String.format("%.2f", m.confidence()), String.format("%.2f", recognitionConfidence));
        SkillRequest skillRequest = new SkillRequest(m, utterance, request, zone, clock);
        if (!GuestScope.allows(request.device(), m.intent())) {
            log.info("event=GuestNeedsLogin device={} dialogRequestId={} intent={}", request.device().deviceId(),
                    request.dialogRequestId(), m.intent());
            return GuestScope.logIn(request.dialogRequestId()).done();
        }
        if (m.intent().equals(Stops.INTENT)) {
            return stops.stop(skillRequest);
        }
        boolean wordForWord = ConfidenceGate.STATE_CHANGING.contains(m.intent())
                && matcher.matchesWordForWord(m.intent(), utterance);
        return switch (gate.judge(m, wordForWord, utterance, recognitionConfidence)) {
            case ACT -> skillsByIntent.get(m.intent()).answer(skillRequest).thenCompose(a -> {
                if (a != SkillAnswer.NOT_MINE) {
                    onActed.run();
                    return CompletableFuture.completedFuture(a);
                }
                log.info("event=IntentDeclined device={} dialogRequestId={} intent={}", request.device().deviceId(),
                        request.dialogRequestId(), m.intent());
                java.util.Set<String> fewer = new java.util.HashSet<>(without);
                fewer.add(m.intent());
                return understand(utterance, recognitionConfidence, request, zone, fewer, onActed);
            });
            case ASK -> {
                log.info("event=IntentConfirming device={} dialogRequestId={} intent={}", request.device().deviceId(),
                        request.dialogRequestId(), m.intent());
                yield SkillAnswer.ask(ConfidenceGate.question(m, utterance), new Confirmation(m, utterance)).done();
            }
            case NOT_CAUGHT -> {
                log.info("event=IntentRejected device={} dialogRequestId={} intent={}", request.device().deviceId(),
                        request.dialogRequestId(), m.intent());
                yield SpeechRecognizerHandler.NOT_HEARD.done();
            }
        };
    }

    /** "Yes" acts on the request as first understood, "no" drops it, anything else is a new request. */
    private CompletableFuture<SkillAnswer> confirm(Confirmation c, String reply, double recognitionConfidence,
                                                   EventRequest request, ZoneId zone, Runnable onActed) {
        if (ConfidenceGate.isYes(reply)) {
            return skillsByIntent.get(c.match().intent())
                    .answer(new SkillRequest(c.match(), c.utterance(), request, zone, clock));
        }
        if (ConfidenceGate.isNo(reply)) {
            return SkillAnswer.say("Okay, I won't.").done();
        }
        return understand(reply, recognitionConfidence, request, zone, java.util.Set.of(), onActed);
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
        return reply(answer, request).reply();
    }

    /** A reply, and when the question it asks (if any) was saved. */
    private record Built(Reply reply, CompletableFuture<Void> saved) {}

    /**
     * {@link #answer}, completing once a question it asks can be found by whichever node the answer
     * reaches (in cluster mode the question is written to Redis first).
     */
    private CompletableFuture<Reply> answered(SkillAnswer answer, EventRequest request) {
        Built built = reply(answer, request);
        Reply reply = built.reply();
        if (built.saved().isDone() && !built.saved().isCompletedExceptionally()) {
            return CompletableFuture.completedFuture(reply);
        }
        return built.saved().handleAsync((v, e) -> {
            if (e != null) {
                log.warn("event=DialogNotShared device={} cause={}", request.device().deviceId(), e.toString());
            }
            return reply;
        }, request.blockingExecutor());
    }

    private Built reply(SkillAnswer answer, EventRequest request) {
        if (answer == SkillAnswer.NOT_MINE) {
            answer = fallback; // declined where no other intent was asked (a confirmed request)
        }
        CompletableFuture<Void> saved = CompletableFuture.completedFuture(null);
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
            saved = sessions.expect(request.device(), request.dialogRequestId(),
                    new DialogSessions.Pending(expectSpeechId, answer.followUp()));
        }
        return new Built(reply.build(), saved);
    }
}
