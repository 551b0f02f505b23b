package dev.opencic.client.agent;

import dev.opencic.client.AgentHost;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.protocol.payload.Notifier;
import java.util.Set;

/**
 * The capability agent of the {@code Notifier} namespace (the later reference): the server turns
 * the device's notification indicator on ({@code SetIndicator}: a notice is waiting unread) and off
 * ({@code ClearIndicator}: read), and announces a notice ({@code Notify}: light, then sounds).
 *
 * <p>The agent keeps the indicator's state ({@link #indicatorOn()}) and hands each directive's typed
 * payload to an {@code on...} method, which does nothing by default: override them to light an LED
 * or play {@link Notifier#DEFAULT_SOUND}. The namespace has no events. Methods run on the directive
 * channel thread and may block.
 */
public class NotifierAgent extends CapabilityAgent {

    /** The directive names this agent dispatches. */
    public static final Set<String> DIRECTIVES = Set.of("SetIndicator", "ClearIndicator", "Notify");

    private volatile boolean indicatorOn;

    /** An agent for every Notifier directive. */
    public NotifierAgent() {
        super("Notifier", DIRECTIVES);
    }

    /** Dispatches to the {@code on...} method for the directive's name, after updating the indicator state. */
    @Override
    public void handle(ReceivedDirective directive, AgentHost host) throws Exception {
        switch (directive.name()) {
            case "SetIndicator" -> {
                Notifier.SetIndicator payload = directive.payload(Notifier.SetIndicator.class);
                indicatorOn = true;
                onSetIndicator(payload, directive);
            }
            case "ClearIndicator" -> {
                indicatorOn = false;
                onClearIndicator(directive);
            }
            case "Notify" -> onNotify(directive.payload(Notifier.Notify.class), directive);
            default -> onOther(directive, host);
        }
    }

    /** Whether a notice is waiting unread: the last of SetIndicator and ClearIndicator was SetIndicator. */
    public boolean indicatorOn() {
        return indicatorOn;
    }

    /** {@code Notifier.SetIndicator}: turn the light on ({@code light} DEFAULT) and, for a new notice, chime. */
    protected void onSetIndicator(Notifier.SetIndicator payload, ReceivedDirective directive) throws Exception {}

    /** {@code Notifier.ClearIndicator}: lights and notification sounds off. */
    protected void onClearIndicator(ReceivedDirective directive) throws Exception {}

    /** {@code Notifier.Notify}: the light, then the sounds of {@code assets} in {@code assetPlayOrder}. */
    protected void onNotify(Notifier.Notify payload, ReceivedDirective directive) throws Exception {}

    /** A name not in {@link #DIRECTIVES} (only reached by subclasses that widen the set); no-op. */
    protected void onOther(ReceivedDirective directive, AgentHost host) throws Exception {}
}
