package dev.opencic.protocol;

/** The CIC namespace names used across the platform. */
public final class Namespaces {
    private Namespaces() {}

    public static final String ALERTS = "Alerts";
    public static final String AUDIO_PLAYER = "AudioPlayer";
    public static final String CLOVA = "Clova";
    public static final String DEVICE = "Device";
    public static final String DEVICE_CONTROL = "DeviceControl";
    /** This project's: a device naming itself (no such message in the reference). */
    public static final String HOUSEHOLD = "Household";
    public static final String MEMO = "Memo";
    public static final String NOTIFIER = "Notifier";
    public static final String PLAYBACK_CONTROLLER = "PlaybackController";
    public static final String REMINDER = "Reminder";
    public static final String SPEAKER = "Speaker";
    public static final String SPEECH_RECOGNIZER = "SpeechRecognizer";
    public static final String SPEECH_SYNTHESIZER = "SpeechSynthesizer";
    public static final String SYSTEM = "System";
    public static final String TEMPLATE_RUNTIME = "TemplateRuntime";
    public static final String TEXT_RECOGNIZER = "TextRecognizer";
}
