package dev.opencic.client.audio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Directive;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The server side of the music tests: {@code TextRecognizer.Recognize} answers with the directives
 * scripted for the text; {@code AudioPlayer} and {@code PlaybackController} events are recorded
 * with their PlaybackState, and {@code StreamRequested} is answered with a {@code StreamDeliver}
 * carrying the URL registered for the token in {@link #deliverUrls}.
 */
public final class MusicScript {

    /** One event as the server received it. */
    public record Report(String name, String token, String activity, long offset, ObjectNode payload,
                  List<ContextObject> context) {
        @Override
        public String toString() {
            return name + "(" + token + " " + activity + " @" + offset + ")";
        }

        JsonNode contextPayload(String namespace, String name) {
            return context.stream().filter(c -> c.header().namespace().equals(namespace) && c.header().name().equals(name))
                    .map(ContextObject::payload).findFirst().orElse(null);
        }
    }

    public final Map<String, Function<String, List<Directive>>> answers = new ConcurrentHashMap<>();
    public final Map<String, String> deliverUrls = new ConcurrentHashMap<>();
    public final List<Report> reports = new CopyOnWriteArrayList<>();
    public final List<EventRequest> recognized = new CopyOnWriteArrayList<>();
    /** The device that sent the latest event, to push directives to it. */
    public volatile dev.opencic.server.api.DeviceIdentity device;

    public void reset() {
        answers.clear();
        deliverUrls.clear();
        reports.clear();
        recognized.clear();
    }

    /** Names of the reports received so far, optionally only those about {@code token}. */
    public List<String> names() {
        return reports.stream().map(Report::name).toList();
    }

    public List<NamespaceHandler> handlers() {
        return List.of(new Text(), new Recorder("AudioPlayer", Set.of("PlayStarted", "PlayPaused", "PlayResumed",
                        "PlayStopped", "PlayFinished", "ProgressReportDelayPassed", "ProgressReportIntervalPassed",
                        "ProgressReportPositionPassed", "ReportPlaybackState", "StreamRequested")),
                new Recorder("PlaybackController", Set.of("NextCommandIssued", "PauseCommandIssued",
                        "PlayCommandIssued", "PreviousCommandIssued", "ResumeCommandIssued", "StopCommandIssued")));
    }

    /** An {@code AudioPlayer.Play}; {@code url} null means "ask for it" ({@code clova:} URL, urlPlayable false). */
    public static Directive play(String dialog, String behavior, String token, String url, long durationMs,
                          Long delay, Long interval, Long position) {
        ObjectNode payload = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        ObjectNode item = payload.putObject("audioItem");
        item.put("audioItemId", "item-" + token).put("type", "test").put("title", "Song " + token);
        item.putArray("artists").add("Tester");
        ObjectNode stream = item.putObject("stream");
        stream.put("token", token).put("beginAtInMilliseconds", 0).put("durationInMilliseconds", durationMs);
        ObjectNode progress = stream.putObject("progressReport");
        put(progress, "progressReportDelayInMilliseconds", delay);
        put(progress, "progressReportIntervalInMilliseconds", interval);
        put(progress, "progressReportPositionInMilliseconds", position);
        if (url != null) {
            stream.put("url", url).put("urlPlayable", true);
        } else {
            stream.put("url", "clova:" + token).put("urlPlayable", false);
        }
        payload.put("playBehavior", behavior);
        return new Directive(dev.opencic.protocol.Header.of("AudioPlayer", "Play", dialog), payload);
    }

    private static void put(ObjectNode o, String name, Long value) {
        if (value == null) {
            o.putNull(name);
        } else {
            o.put(name, value);
        }
    }

    public final class Text implements NamespaceHandler {
        @Override
        public String namespace() {
            return "TextRecognizer";
        }

        @Override
        public Set<String> eventNames() {
            return Set.of("Recognize");
        }

        @Override
        public CompletableFuture<Reply> handle(EventRequest request) {
            recognized.add(request);
            device = request.device();
            String text = request.event().payload().path("text").asText();
            Function<String, List<Directive>> answer = answers.get(text);
            if (answer == null) {
                return CompletableFuture.completedFuture(Reply.empty());
            }
            return CompletableFuture.completedFuture(Reply.of(answer.apply(request.dialogRequestId()).toArray(Directive[]::new)));
        }
    }

    public final class Recorder implements NamespaceHandler {
        private final String namespace;
        private final Set<String> names;

        Recorder(String namespace, Set<String> names) {
            this.namespace = namespace;
            this.names = names;
        }

        @Override
        public String namespace() {
            return namespace;
        }

        @Override
        public Set<String> eventNames() {
            return names;
        }

        @Override
        public CompletableFuture<Reply> handle(EventRequest request) {
            var event = request.event();
            device = request.device();
            JsonNode state = event.context("AudioPlayer", "PlaybackState").map(ContextObject::payload).orElse(null);
            String token = state == null ? null : state.path("stream").path("token").asText(null);
            if (event.name().equals("StreamRequested")) {
                token = event.payload().path("audioStream").path("token").asText(null);
            }
            reports.add(new Report(event.name(), token, state == null ? null : state.path("playerActivity").asText(),
                    state == null ? -1 : state.path("offsetInMilliseconds").asLong(-1), event.payload(), event.context()));
            if (event.name().equals("StreamRequested")) {
                String url = deliverUrls.get(token);
                if (url == null) {
                    return CompletableFuture.completedFuture(Reply.empty());
                }
                ObjectNode payload = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("audioItemId", event.payload().path("audioItemId").asText());
                payload.putObject("audioStream").put("token", token).put("url", url).put("urlPlayable", true);
                Directive d = new Directive(dev.opencic.protocol.Header.of("AudioPlayer", "StreamDeliver", request.dialogRequestId()), payload);
                return CompletableFuture.completedFuture(Reply.of(d));
            }
            return CompletableFuture.completedFuture(Reply.empty());
        }
    }
}
