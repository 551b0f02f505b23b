package dev.opencic.server.extension;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.payload.RawPayload;
import dev.opencic.protocol.payload.SpeechSynthesizer;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.dialog.UtteranceClaim;
import dev.opencic.server.nlu.TextNormalizer;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered extensions as the dialogue uses them: "open NAME" launches one
 * ({@code LaunchRequest}), "ask NAME ..." / "tell NAME ..." sends the rest as an {@code IntentRequest}
 * at once; an answer with {@code shouldEndSession=false} keeps the session open as a follow-up
 * ({@link ExtensionSession}), so the user's next words go to the extension first. Reloaded from the
 * store after each admin change ({@link #reload}), so registration needs no restart. An extension an
 * account turned off is not reachable from that account's devices (its invocation is not claimed).
 */
public final class Extensions implements UtteranceClaim {

    private static final Logger log = LoggerFactory.getLogger(Extensions.class);
    private static final Pattern LAUNCH = Pattern.compile("(?:please )?(?:open|launch|start|run) (.+)");
    private static final Pattern ASK = Pattern.compile("(?:please )?(?:ask|tell) (.+)");
    private static final Pattern CONNECTOR = Pattern.compile("(?:to|about|for|that|if|whether) (.+)");

    /** One extension ready to answer. */
    record Loaded(Registration registration, ExtensionModel model, Set<String> disabledAccounts) {
        String name() {
            return registration.name();
        }

        boolean enabledFor(String accountId) {
            return !disabledAccounts.contains(accountId);
        }
    }

    private final ExtensionStore store;
    private final CekClient client;
    private final Clock clock;
    private final String language;
    private volatile List<Loaded> loaded = List.of();
    /** Told what users say to the extensions after each change: the recogniser's language model takes it. */
    private Consumer<List<String>> sentencesListener = sentences -> {};
    private List<String> sentences = List.of();

    Extensions(ExtensionStore store, CekClient client, Clock clock, String language) {
        this.store = store;
        this.client = client;
        this.clock = clock;
        this.language = language;
    }

    /** Hands {@code listener} the extensions' sentences now (when there are any) and after every change of them. */
    synchronized void onSentences(Consumer<List<String>> listener) {
        sentencesListener = listener;
        if (!sentences.isEmpty()) {
            listener.accept(sentences);
        }
    }

    /** Reads every registration again (after an admin change); a model that no longer parses is skipped, logged. */
    public void reload() {
        List<Loaded> all = new ArrayList<>();
        for (Registration r : store.all()) {
            try {
                all.add(new Loaded(r, ExtensionModel.parse(r.modelJson(), r.name()), store.disabledAccounts(r.name())));
            } catch (IllegalArgumentException e) {
                log.warn("event=ExtensionSkipped extension={} reason=\"{}\"", r.name(), e.getMessage());
            }
        }
        // Longest invocation first: "space facts daily" is not taken for "space facts".
        all.sort((a, b) -> b.model().invocation().length() - a.model().invocation().length());
        loaded = List.copyOf(all);
        log.info("event=ExtensionsLoaded count={}", all.size());
        updateSentences(all);
    }

    private synchronized void updateSentences(List<Loaded> all) {
        List<String> now = ExtensionSentences.of(all.stream().map(Loaded::model).toList(), language);
        if (!now.equals(sentences)) {
            sentences = now;
            sentencesListener.accept(now);
        }
    }

    Optional<Loaded> find(String name) {
        return loaded.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** Whether the words launch or address a registered extension, whichever account says them. */
    boolean names(String utterance) {
        String words = TextNormalizer.normalize(utterance);
        Matcher launch = LAUNCH.matcher(words);
        Matcher ask = ASK.matcher(words);
        boolean launches = launch.matches();
        boolean asks = ask.matches();
        for (Loaded l : loaded) {
            String invocation = l.model().invocation();
            if (launches && launch.group(1).equals(invocation)) {
                return true;
            }
            if (asks && (ask.group(1).equals(invocation) || ask.group(1).startsWith(invocation + " "))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<CompletableFuture<SkillAnswer>> claim(SkillRequest request) {
        String words = TextNormalizer.normalize(request.utterance());
        String accountId = request.event().device().accountId();
        Matcher launch = LAUNCH.matcher(words);
        if (launch.matches()) {
            for (Loaded l : loaded) {
                if (l.model().invocation().equals(launch.group(1)) && l.enabledFor(accountId)) {
                    return Optional.of(launch(l, request));
                }
            }
        }
        Matcher ask = ASK.matcher(words);
        if (ask.matches()) {
            String rest = ask.group(1);
            for (Loaded l : loaded) {
                String invocation = l.model().invocation();
                if ((rest.equals(invocation) || rest.startsWith(invocation + " ")) && l.enabledFor(accountId)) {
                    String said = rest.substring(invocation.length()).strip();
                    return Optional.of(said.isEmpty() ? launch(l, request) : ask(l, said, request));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Words no built-in template took that one enabled extension's samples match (and no other's):
     * sent to it as an {@code IntentRequest} with its typed slots, without "ask NAME". Several
     * extensions matching is ambiguous: none gets the words.
     */
    UtteranceClaim samples() {
        return request -> {
            String accountId = request.event().device().accountId();
            Loaded only = null;
            Optional<ExtensionModel.Match> onlyMatch = Optional.empty();
            for (Loaded l : loaded) {
                Optional<ExtensionModel.Match> m = l.enabledFor(accountId) ? l.model().match(request.utterance())
                        : Optional.empty();
                if (m.isPresent() && saysSomething(m.get(), request.utterance())) {
                    if (only != null) {
                        return Optional.empty();
                    }
                    only = l;
                    onlyMatch = m;
                }
            }
            if (only == null) {
                return Optional.empty();
            }
            ExtensionSession session = ExtensionSession.start(this, only, request);
            return Optional.of(session.send(session.intentRequest(onlyMatch, request.utterance(), request, true),
                    request, true));
        };
    }

    /**
     * A sample that is nothing but a free slot ("{who}") would take any words: without the
     * extension's name, a match counts only with some of the sample's own words or custom-typed slots.
     */
    private static boolean saysSomething(ExtensionModel.Match m, String utterance) {
        int slotChars = m.slotTexts().values().stream().mapToInt(String::length).sum();
        boolean allCustom = m.intent().slotTypes().values().stream().noneMatch(ExtensionModel.BUILT_IN_TYPES::contains);
        return allCustom || slotChars < TextNormalizer.normalize(utterance).replace(" ", "").length();
    }

    private CompletableFuture<SkillAnswer> launch(Loaded l, SkillRequest request) {
        ExtensionSession session = ExtensionSession.start(this, l, request);
        return session.send(CekRequests.launch(session.addressee(true)), request, true);
    }

    private CompletableFuture<SkillAnswer> ask(Loaded l, String said, SkillRequest request) {
        Optional<ExtensionModel.Match> match = l.model().match(said);
        Matcher connector = CONNECTOR.matcher(said);
        if (match.isEmpty() && connector.matches()) {
            match = l.model().match(connector.group(1)); // "ask space facts about mars": "mars" may be the sample
        }
        ExtensionSession session = ExtensionSession.start(this, l, request);
        return session.send(session.intentRequest(match, said, request, true), request, true);
    }

    /**
     * Sends a request of the session and turns the answer into what the device gets; any failure of
     * the extension becomes a spoken apology (and one log line), never an error for the device.
     */
    CompletableFuture<SkillAnswer> exchange(ExtensionSession session, ObjectNode body, SkillRequest request,
                                            boolean starting) {
        Loaded l = session.extension();
        EventRequest event = request.event();
        return client.post(l.name(), l.registration().url(), body, json -> CekAnswer.read(json, event.dialogRequestId(),
                        CekAnswer.hasScreen(event.event())))
                .thenApply(answer -> answer(session, answer, starting, event.dialogRequestId()))
                .exceptionally(error -> {
            Throwable cause = CekClient.unwrap(error);
            String reason = cause instanceof ExtensionFailure f ? f.tag() : cause.getClass().getSimpleName();
            log.warn("event=ExtensionFailed extension={} device={} reason={} detail=\"{}\"", l.name(),
                    event.device().deviceId(), reason, cause.getMessage());
            return apology(l, event.dialogRequestId(), starting);
        });
    }

    private SkillAnswer answer(ExtensionSession session, CekAnswer a, boolean starting, String dialogRequestId) {
        List<Directive> directives = new ArrayList<>();
        if (starting) {
            directives.add(startExtension(session.extension().name(), dialogRequestId));
        }
        for (String url : a.audioUrls()) {
            directives.add(Directive.of("SpeechSynthesizer", "Speak", dialogRequestId,
                    new SpeechSynthesizer.Speak("AUDIO_MPEG", MessageIds.newId(), url)));
        }
        directives.addAll(a.directives());
        String display = !a.speech().isEmpty() ? a.speech() : a.reprompt();
        SkillAnswer answer;
        if (a.endSession()) {
            directives.add(finishExtension(session.extension().name(), dialogRequestId));
            answer = new SkillAnswer(a.speech(), display, false, null, null, directives);
        } else {
            String speech = a.speech().isEmpty() ? a.reprompt() : a.speech();
            answer = new SkillAnswer(speech, display, true, session.next(a.sessionAttributes()), null, directives);
        }
        return a.card() != null ? answer.withTemplate(new RawPayload(a.card().toString())) : answer;
    }

    private static SkillAnswer apology(Loaded l, String dialogRequestId, boolean starting) {
        String text = "Sorry, " + l.model().invocation() + " isn't answering right now. Please try again later.";
        SkillAnswer say = SkillAnswer.say(text);
        return starting ? say : say.withDirectives(finishExtension(l.name(), dialogRequestId));
    }

    /** Tells the extension its session ended (cancelled, or the user stopped), without waiting for it. */
    void endSession(ExtensionSession session) {
        client.post(session.extension().name(), session.extension().registration().url(),
                CekRequests.sessionEnded(session.addressee(false))).exceptionally(error -> {
                    log.warn("event=ExtensionFailed extension={} request=SessionEndedRequest reason=\"{}\"",
                            session.extension().name(), CekClient.unwrap(error).getMessage());
                    return null;
                });
    }

    /** Sends {@code ClovaSkill.SkillEnabled} / {@code SkillDisabled} for one account; failures are logged. */
    CompletableFuture<Void> skillEvent(String name, String accountId, boolean enabled) {
        Optional<Loaded> l = find(name);
        if (l.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        var to = new CekRequests.Addressee(name, MessageIds.newId(), true, null, accountId, null);
        return client.post(name, l.get().registration().url(), CekRequests.skillEvent(to, enabled, clock.instant()))
                .handle((ok, error) -> {
                    if (error != null) {
                        log.warn("event=ExtensionFailed extension={} request=EventRequest reason=\"{}\"", name,
                                CekClient.unwrap(error).getMessage());
                    }
                    return null;
                });
    }

    static Directive startExtension(String name, String dialogRequestId) {
        return extensionDirective("StartExtension", name, dialogRequestId);
    }

    static Directive finishExtension(String name, String dialogRequestId) {
        return extensionDirective("FinishExtension", name, dialogRequestId);
    }

    private static Directive extensionDirective(String directive, String name, String dialogRequestId) {
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("extension", name); // the reference's field (later-2018-05 Clova.StartExtension)
        return Directive.of("Clova", directive, dialogRequestId,
                new RawPayload(dev.opencic.protocol.MessageCodec.mapper().valueToTree(payload).toString()));
    }

    Clock clock() {
        return clock;
    }
}
