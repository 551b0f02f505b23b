package dev.opencic.client.agent;

import dev.opencic.client.AgentHost;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.CicClient;
import dev.opencic.client.ReceivedDirective;
import java.util.Set;

/**
 * The capability agent of the {@code SpeechRecognizer} namespace. Microphone control: the cloud asks
 * for more speech ({@code ExpectSpeech}: open the microphone, or read the next typed line, and
 * {@link CicClient#startRecognize} or {@link CicClient#recognizeText}; the client has already noted
 * the question when this runs, so that recognition answers it with the question's dialogRequestId
 * and {@code speechId}, or the client sends {@code ExpectSpeechTimedOut} when none starts in time,
 * see {@link CicClient#isExpectingSpeech()}), to keep recording, or to stop capturing ({@code
 * StopCapture}: stop the microphone; the SDK has already ended the {@link
 * dev.opencic.client.AudioSink}'s upload when this runs, see there).
 *
 * <p>Override the {@code on...} methods you support; the others do nothing, which marks the
 * directive handled. Methods run on the directive channel thread and may block.
 */
public class SpeechRecognizerAgent extends CapabilityAgent {

    /** The directive names this agent dispatches. */
    public static final Set<String> DIRECTIVES = Set.of("ExpectSpeech", "KeepRecording", "ShowRecognizedText", "StopCapture");

    /** An agent for every SpeechRecognizer directive. */
    public SpeechRecognizerAgent() {
        super("SpeechRecognizer", DIRECTIVES);
    }

    /** Dispatches to the {@code on...} method for the directive's name. */
    @Override
    public void handle(ReceivedDirective directive, AgentHost host) throws Exception {
        switch (directive.name()) {
            case "ExpectSpeech" -> onExpectSpeech(directive, host);
            case "KeepRecording" -> onKeepRecording(directive, host);
            case "ShowRecognizedText" -> onShowRecognizedText(directive, host);
            case "StopCapture" -> onStopCapture(directive, host);
            default -> onOther(directive, host);
        }
    }

    /** {@code SpeechRecognizer.ExpectSpeech}; does nothing by default. */
    protected void onExpectSpeech(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code SpeechRecognizer.KeepRecording}; does nothing by default. */
    protected void onKeepRecording(ReceivedDirective directive, AgentHost host) throws Exception {}

    /**
     * {@code SpeechRecognizer.ShowRecognizedText}: the recogniser's partial text while the user is
     * still speaking (payload {@code text}); does nothing by default.
     */
    protected void onShowRecognizedText(ReceivedDirective directive, AgentHost host) throws Exception {}

    /**
     * {@code SpeechRecognizer.StopCapture}: stop capturing. The SDK ended the upload of the dialog's
     * open {@link dev.opencic.client.AudioSink} when the directive arrived (its writes are ignored
     * from then on); does nothing else by default.
     */
    protected void onStopCapture(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** A name not in {@link #DIRECTIVES} (only reached by subclasses that widen the set); no-op. */
    protected void onOther(ReceivedDirective directive, AgentHost host) throws Exception {}
}
