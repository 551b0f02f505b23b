package dev.opencic.client.agent;

import dev.opencic.client.AgentHost;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.CicClient;
import dev.opencic.client.ReceivedDirective;
import java.util.Set;

/**
 * The capability agent of the {@code TextRecognizer} namespace. The TextRecognizer namespace. Its one message is the {@code Recognize} event ({@link CicClient#recognizeText}); this agent receives any TextRecognizer directive a server sends.
 *
 * <p>Override the {@code on...} methods you support; the others do nothing, which marks the
 * directive handled. Methods run on the directive channel thread and may block.
 */
public class TextRecognizerAgent extends CapabilityAgent {

    /** An agent for every TextRecognizer directive name. */
    public TextRecognizerAgent() {
        super("TextRecognizer", Set.of());
    }

    /** Dispatches to the {@code on...} method for the directive's name. */
    @Override
    public void handle(ReceivedDirective directive, AgentHost host) throws Exception {
        onDirective(directive, host);
    }

    /** Any directive of this namespace; does nothing by default. */
    protected void onDirective(ReceivedDirective directive, AgentHost host) throws Exception {}
}
