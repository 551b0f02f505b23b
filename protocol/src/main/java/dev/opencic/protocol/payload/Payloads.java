package dev.opencic.protocol.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that says which payload type a directive or event has: namespace and name to one
 * of the records of this package. Messages it does not know stay raw JSON ({@link RawPayload}).
 * Reading ignores fields a record does not name (the reference adds fields over time); writing
 * leaves out null fields.
 */
public final class Payloads {

    /** Whether a message goes to the device or comes from it. */
    public enum Kind { DIRECTIVE, EVENT }

    private record Key(Kind kind, String namespace, String name) {}

    private static final Map<Key, Class<? extends Payload>> TYPES = new HashMap<>();

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    static {
        directive("SpeechSynthesizer", SpeechSynthesizer.Speak.class, "Speak");
        event("SpeechSynthesizer", SpeechSynthesizer.SpeechStarted.class, "SpeechStarted");
        event("SpeechSynthesizer", SpeechSynthesizer.SpeechFinished.class, "SpeechFinished");
        event("SpeechSynthesizer", SpeechSynthesizer.SpeechStopped.class, "SpeechStopped");
        directive("Clova", Clova.Hello.class, "Hello");
        directive("Clova", Clova.RenderText.class, "RenderText");
        event("TextRecognizer", TextRecognizer.Recognize.class, "Recognize");
        event("SpeechRecognizer", SpeechRecognizer.Recognize.class, "Recognize");
        directive("SpeechRecognizer", SpeechRecognizer.ExpectSpeech.class, "ExpectSpeech");
        directive("SpeechRecognizer", SpeechRecognizer.StopCapture.class, "StopCapture");
        directive("AudioPlayer", AudioPlayer.Play.class, "Play");
        directive("AudioPlayer", AudioPlayer.StreamDeliver.class, "StreamDeliver");
        directive("AudioPlayer", AudioPlayer.ClearQueue.class, "ClearQueue");
        event("AudioPlayer", AudioPlayer.StreamRequested.class, "StreamRequested");
        event("AudioPlayer", AudioPlayer.PlaybackReport.class, "PlayStarted", "PlayPaused", "PlayResumed",
                "PlayStopped", "PlayFinished", "ProgressReportDelayPassed", "ProgressReportIntervalPassed",
                "ProgressReportPositionPassed");
        event("AudioPlayer", AudioPlayer.PlaybackState.class, "ReportPlaybackState");
        directive("PlaybackController", PlaybackController.SetRepeatMode.class, "SetRepeatMode");
        directive("Alerts", Alerts.SetAlert.class, "SetAlert");
        directive("Alerts", Alerts.AlertToken.class, "DeleteAlert", "StopAlert");
        directive("Alerts", Alerts.SynchronizeAlert.class, "SynchronizeAlert");
        event("Alerts", Alerts.AlertToken.class, "SetAlertSucceeded", "SetAlertFailed", "DeleteAlertSucceeded",
                "DeleteAlertFailed", "AlertStarted", "AlertStopped", "RequestAlertStop");
    }

    private Payloads() {}

    private static void directive(String namespace, Class<? extends Payload> type, String... names) {
        for (String name : names) {
            TYPES.put(new Key(Kind.DIRECTIVE, namespace, name), type);
        }
    }

    private static void event(String namespace, Class<? extends Payload> type, String... names) {
        for (String name : names) {
            TYPES.put(new Key(Kind.EVENT, namespace, name), type);
        }
    }

    /** The payload type of {@code namespace.name}, if this registry knows the message. */
    public static Optional<Class<? extends Payload>> type(Kind kind, String namespace, String name) {
        return Optional.ofNullable(TYPES.get(new Key(kind, namespace, name)));
    }

    /**
     * The typed payload of {@code namespace.name}: its record, or {@link RawPayload} holding the JSON
     * when the message is unknown.
     *
     * @throws IllegalArgumentException if the JSON does not fit the record (a field of the wrong type)
     */
    public static Payload read(Kind kind, String namespace, String name, ObjectNode json) {
        Objects.requireNonNull(json, "json");
        Class<? extends Payload> type = TYPES.get(new Key(kind, namespace, name));
        return type == null ? new RawPayload(json.toString()) : convert(json, type, namespace + "." + name);
    }

    /**
     * {@code json} as {@code type}, whatever the registry says (for a custom record, or to read a
     * known message differently).
     *
     * @throws IllegalArgumentException if the JSON does not fit {@code type}
     */
    public static <T> T convert(ObjectNode json, Class<T> type) {
        return convert(json, type, type.getSimpleName());
    }

    private static <T> T convert(ObjectNode json, Class<T> type, String what) {
        try {
            return MAPPER.treeToValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " payload does not fit " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The payload as the JSON object written on the wire; a {@link RawPayload}'s text parsed back. */
    public static ObjectNode toJson(Payload payload) {
        Objects.requireNonNull(payload, "payload");
        if (payload instanceof RawPayload raw) {
            try {
                if (MAPPER.readTree(raw.json()) instanceof ObjectNode object) {
                    return object;
                }
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("raw payload is not JSON: " + e.getOriginalMessage(), e);
            }
            throw new IllegalArgumentException("raw payload is not a JSON object: " + raw.json());
        }
        return MAPPER.valueToTree(payload);
    }
}
