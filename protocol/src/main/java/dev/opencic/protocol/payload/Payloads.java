package dev.opencic.protocol.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.Namespaces;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that says which payload type a directive or event has: namespace and name to one
 * of the records of this package. Messages it does not know stay raw JSON ({@link RawPayload}).
 * Reading ignores fields a record does not name (the reference adds fields over time), but does
 * not convert between JSON types: {@code 5} is not a
 * string, {@code "true"} not a boolean, so a device's malformed payload fails instead of being
 * guessed at. Writing leaves out null fields.
 */
public final class Payloads {

    /** Whether a message goes to the device or comes from it. */
    public enum Kind { DIRECTIVE, EVENT, CONTEXT }

    private record Key(Kind kind, String namespace, String name) {}

    private static final Map<Key, Class<? extends Payload>> TYPES = new HashMap<>();

    /** The directive each record serves, for records that serve exactly one. */
    private static final Map<Class<? extends Payload>, Header> DIRECTIVE_OF = new HashMap<>();

    private static final ObjectMapper MAPPER = strict(new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL));

    static {
        directive(Namespaces.SPEECH_SYNTHESIZER, SpeechSynthesizer.Speak.class, "Speak");
        event(Namespaces.SPEECH_SYNTHESIZER, SpeechSynthesizer.Request.class, "Request");
        event(Namespaces.SPEECH_SYNTHESIZER, SpeechSynthesizer.SpeechStarted.class, "SpeechStarted");
        event(Namespaces.SPEECH_SYNTHESIZER, SpeechSynthesizer.SpeechFinished.class, "SpeechFinished");
        event(Namespaces.SPEECH_SYNTHESIZER, SpeechSynthesizer.SpeechStopped.class, "SpeechStopped");
        directive(Namespaces.CLOVA, Clova.Hello.class, "Hello");
        directive(Namespaces.CLOVA, Clova.RenderText.class, "RenderText");
        directive(Namespaces.CLOVA, Clova.Help.class, "Help");
        directive(Namespaces.CLOVA, Clova.ExpectLogin.class, "ExpectLogin");
        directive(Namespaces.CLOVA, Clova.AddMemo.class, "AddMemo");
        directive(Namespaces.CLOVA, Clova.DeleteMemo.class, "DeleteMemo");
        directive(Namespaces.CLOVA, Clova.RenderMemoList.class, "RenderMemoList");
        directive(Namespaces.CLOVA, Clova.AddReminder.class, "AddReminder");
        directive(Namespaces.CLOVA, Clova.DeleteReminder.class, "DeleteReminder");
        directive(Namespaces.CLOVA, Clova.RenderReminderList.class, "RenderReminderList");
        directive(Namespaces.CLOVA, Clova.AddSchedule.class, "AddSchedule");
        directive(Namespaces.CLOVA, Clova.ScheduleSpan.class, "GetSchedule", "CountSchedule");
        directive(Namespaces.CLOVA, Clova.DeleteSchedule.class, "DeleteSchedule");
        context(Namespaces.CLOVA, Clova.Location.class, "Location");
        context(Namespaces.CLOVA, Clova.SavedPlace.class, "SavedPlace");
        directive(Namespaces.CLOVA, Clova.HandleDelegatedEvent.class, "HandleDelegatedEvent");
        event(Namespaces.CLOVA, Clova.ProcessDelegatedEvent.class, "ProcessDelegatedEvent");
        event(Namespaces.MEMO, Memo.Change.class, "Created", "Updated", "Deleted");
        event(Namespaces.MEMO, Memo.Get.class, "Get");
        event(Namespaces.REMINDER, Reminder.Change.class, "Created", "Updated", "Deleted");
        event(Namespaces.REMINDER, Reminder.Get.class, "Get");
        context(Namespaces.SPEAKER, Speaker.VolumeState.class, "VolumeState");
        event(Namespaces.TEXT_RECOGNIZER, TextRecognizer.Recognize.class, "Recognize");
        event(Namespaces.SPEECH_RECOGNIZER, SpeechRecognizer.Recognize.class, "Recognize");
        event(Namespaces.SPEECH_RECOGNIZER, SpeechRecognizer.ExpectSpeechTimedOut.class, "ExpectSpeechTimedOut");
        directive(Namespaces.SPEECH_RECOGNIZER, SpeechRecognizer.ExpectSpeech.class, "ExpectSpeech");
        directive(Namespaces.SPEECH_RECOGNIZER, SpeechRecognizer.StopCapture.class, "StopCapture");
        directive(Namespaces.SPEECH_RECOGNIZER, SpeechRecognizer.KeepRecording.class, "KeepRecording");
        directive(Namespaces.SPEECH_RECOGNIZER, SpeechRecognizer.ShowRecognizedText.class, "ShowRecognizedText");
        directive(Namespaces.AUDIO_PLAYER, AudioPlayer.Play.class, "Play");
        directive(Namespaces.AUDIO_PLAYER, AudioPlayer.StreamDeliver.class, "StreamDeliver");
        directive(Namespaces.AUDIO_PLAYER, AudioPlayer.ClearQueue.class, "ClearQueue");
        event(Namespaces.AUDIO_PLAYER, AudioPlayer.StreamRequested.class, "StreamRequested");
        event(Namespaces.AUDIO_PLAYER, AudioPlayer.PlaybackReport.class, "PlayStarted", "PlayPaused", "PlayResumed",
                "PlayStopped", "PlayFinished", "ProgressReportDelayPassed", "ProgressReportIntervalPassed",
                "ProgressReportPositionPassed");
        event(Namespaces.AUDIO_PLAYER, AudioPlayer.PlaybackState.class, "ReportPlaybackState");
        context(Namespaces.AUDIO_PLAYER, AudioPlayer.PlaybackState.class, "PlaybackState");
        directive(Namespaces.AUDIO_PLAYER, AudioPlayer.ExpectReportPlaybackState.class, "ExpectReportPlaybackState");
        directive(Namespaces.AUDIO_PLAYER, AudioPlayer.SynchronizePlaybackState.class, "SynchronizePlaybackState");
        event(Namespaces.AUDIO_PLAYER, AudioPlayer.RequestPlaybackState.class, "RequestPlaybackState");
        directive(Namespaces.PLAYBACK_CONTROLLER, PlaybackController.SetRepeatMode.class, "SetRepeatMode");
        directive(Namespaces.PLAYBACK_CONTROLLER, PlaybackController.ExpectPlayCommand.class, "ExpectPlayCommand");
        event(Namespaces.PLAYBACK_CONTROLLER, PlaybackController.CommandIssued.class, "NextCommandIssued",
                "PauseCommandIssued", "PreviousCommandIssued", "ResumeCommandIssued", "StopCommandIssued");
        event(Namespaces.PLAYBACK_CONTROLLER, PlaybackController.PlayCommandIssued.class, "PlayCommandIssued");
        event(Namespaces.PLAYBACK_CONTROLLER, PlaybackController.SetRepeatModeCommandIssued.class,
                "SetRepeatModeCommandIssued");
        event(Namespaces.PLAYBACK_CONTROLLER, PlaybackController.CustomCommandIssued.class, "CustomCommandIssued");
        directive(Namespaces.TEMPLATE_RUNTIME, TemplateRuntime.RenderPlayerInfo.class, "RenderPlayerInfo");
        directive(Namespaces.TEMPLATE_RUNTIME, TemplateRuntime.ExpectRequestPlayerInfo.class, "ExpectRequestPlayerInfo");
        event(Namespaces.TEMPLATE_RUNTIME, TemplateRuntime.RequestPlayerInfo.class, "RequestPlayerInfo",
                "RequestPlayerInfoIssued");
        event(Namespaces.TEMPLATE_RUNTIME, TemplateRuntime.LikeCommand.class, "LikeCommandIssued", "UnlikeCommandIssued");
        directive(Namespaces.ALERTS, Alerts.SetAlert.class, "SetAlert");
        directive(Namespaces.ALERTS, Alerts.AlertToken.class, "DeleteAlert", "StopAlert");
        directive(Namespaces.ALERTS, Alerts.SynchronizeAlert.class, "SynchronizeAlert");
        event(Namespaces.ALERTS, Alerts.AlertToken.class, "SetAlertSucceeded", "SetAlertFailed", "DeleteAlertSucceeded",
                "DeleteAlertFailed", "AlertStarted", "AlertStopped", "RequestAlertStop");
        context(Namespaces.ALERTS, Alerts.AlertsState.class, "AlertsState");
        context(Namespaces.DEVICE, Device.DeviceState.class, "DeviceState");
        context(Namespaces.DEVICE, Device.Display.class, "Display");
        directive(Namespaces.DEVICE_CONTROL, DeviceControl.Target.class, "Increase", "Decrease", "TurnOn", "TurnOff",
                "OpenScreen", "LaunchApp");
        directive(Namespaces.DEVICE_CONTROL, DeviceControl.SetValue.class, "SetValue");
        directive(Namespaces.DEVICE_CONTROL, Device.BluetoothDevice.class, "BtConnect");
        directive(Namespaces.DEVICE_CONTROL, DeviceControl.BtConnectByPINCode.class, "BtConnectByPINCode");
        directive(Namespaces.DEVICE_CONTROL, DeviceControl.Empty.class, "BtDisconnect", "BtStartPairing", "BtStopPairing");
        directive(Namespaces.DEVICE_CONTROL, DeviceControl.ExpectReportState.class, "ExpectReportState");
        directive(Namespaces.DEVICE_CONTROL, DeviceControl.SynchronizeState.class, "SynchronizeState");
        event(Namespaces.DEVICE_CONTROL, DeviceControl.ActionResult.class, "ActionExecuted", "ActionFailed");
        event(Namespaces.DEVICE_CONTROL, DeviceControl.BtRequestForPINCode.class, "BtRequestForPINCode");
        event(Namespaces.SYSTEM, SystemSync.RequestSynchronizeState.class, "RequestSynchronizeState");
        directive(Namespaces.SYSTEM, SystemSync.SynchronizeState.class, "SynchronizeState");
        directive(Namespaces.NOTIFIER, Notifier.SetIndicator.class, "SetIndicator");
        directive(Namespaces.NOTIFIER, Notifier.ClearIndicator.class, "ClearIndicator");
        directive(Namespaces.NOTIFIER, Notifier.Notify.class, "Notify");
        event(Namespaces.DEVICE_CONTROL, DeviceControl.Empty.class, "ReportState", "RequestStateSynchronization",
                "BtRequestToCancelPinCodeInput");
        event(Namespaces.HOUSEHOLD, Household.SetDeviceName.class, "SetDeviceName");
    }

    private Payloads() {}

    /** No coercion between JSON scalar types: a number is not a string, a string not a number or boolean. */
    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        return mapper;
    }

    private static void directive(String namespace, Class<? extends Payload> type, String... names) {
        register(Kind.DIRECTIVE, namespace, type, names);
        if (names.length == 1 && !DIRECTIVE_OF.containsKey(type)) {
            DIRECTIVE_OF.put(type, new Header(namespace, names[0], null, null));
        } else {
            DIRECTIVE_OF.put(type, null); // serves several directives: the caller names one
        }
    }

    private static void event(String namespace, Class<? extends Payload> type, String... names) {
        register(Kind.EVENT, namespace, type, names);
    }

    private static void context(String namespace, Class<? extends Payload> type, String name) {
        register(Kind.CONTEXT, namespace, type, name);
    }

    private static void register(Kind kind, String namespace, Class<? extends Payload> type, String... names) {
        for (String name : names) {
            TYPES.put(new Key(kind, namespace, name), type);
        }
    }

    /**
     * The namespace and name (no message id) of the one directive whose payload {@code type} is,
     * or empty when the record serves several directives (or none).
     */
    public static Optional<Header> directiveHeader(Class<? extends Payload> type) {
        return Optional.ofNullable(DIRECTIVE_OF.get(type));
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
