package dev.opencic.client.agent;

import dev.opencic.client.AgentHost;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.payload.ContentTemplates;
import dev.opencic.protocol.payload.Payload;
import java.util.Optional;
import dev.opencic.protocol.payload.Clova;
import java.util.Set;

/**
 * The capability agent of the {@code Clova} namespace. General Clova directives: the downchannel's {@code Hello}, text and templates to show, extensions and delegation.
 *
 * <p>Override the {@code on...} methods you support; the others do nothing, which marks the
 * directive handled. Methods run on the directive channel thread and may block.
 */
public class ClovaAgent extends CapabilityAgent {

    /** The directive names this agent dispatches. */
    public static final Set<String> DIRECTIVES = Set.of("Hello", "RenderText", "RenderTemplate", "Help", "ExpectLogin", "StartExtension", "FinishExtension", "HandleDelegatedEvent");

    /** An agent for every Clova directive. */
    public ClovaAgent() {
        super("Clova", DIRECTIVES);
    }

    /** Dispatches to the {@code on...} method for the directive's name. */
    @Override
    public void handle(ReceivedDirective directive, AgentHost host) throws Exception {
        switch (directive.name()) {
            case "Hello" -> onHello(directive, host);
            case "RenderText" -> onRenderText(directive, host);
            case "RenderTemplate" -> onRenderTemplate(directive, host);
            case "Help" -> onHelp(directive, host);
            case "ExpectLogin" -> onExpectLogin(directive, host);
            case "StartExtension" -> onStartExtension(directive, host);
            case "FinishExtension" -> onFinishExtension(directive, host);
            case "HandleDelegatedEvent" -> onHandleDelegatedEvent(directive, host);
            default -> onOther(directive, host);
        }
    }

    /** {@code Clova.Hello}; does nothing by default. */
    protected void onHello(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code Clova.RenderText}; does nothing by default. */
    protected void onRenderText(ReceivedDirective directive, AgentHost host) throws Exception {}

    /**
     * {@code Clova.RenderTemplate}; does nothing by default. {@link #template(ReceivedDirective)}
     * reads the payload as its record ({@code ContentTemplates.Memo}, {@code CardList}, ...).
     */
    protected void onRenderTemplate(ReceivedDirective directive, AgentHost host) throws Exception {}

    /**
     * A {@code Clova.RenderTemplate}'s payload as the record of its {@code type} (see {@link
     * ContentTemplates#recordOf}); empty for a template type the SDK has no record for (read
     * {@code directive.payload()}'s JSON then).
     *
     * @throws IllegalArgumentException if the directive is not a RenderTemplate, or a known template's
     *     field has the wrong type
     */
    public static Optional<Payload> template(ReceivedDirective directive) {
        if (!"Clova".equals(directive.namespace()) || !"RenderTemplate".equals(directive.name())) {
            throw new IllegalArgumentException("not a Clova.RenderTemplate: " + directive.namespace() + "."
                    + directive.name());
        }
        String type;
        try {
            type = MessageCodec.mapper().readTree(directive.payloadJson()).path("type").asText(null);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("RenderTemplate payload is not JSON", e);
        }
        return ContentTemplates.recordOf(type).map(record -> (Payload) directive.payload(record));
    }

    /** {@code Clova.Help}: give the user the device's help guide (the server also sends help cards). */
    protected void onHelp(ReceivedDirective directive, AgentHost host) throws Exception {}

    /**
     * {@code Clova.ExpectLogin}: the request needs an account and this device runs in guest mode
     * ({@link dev.opencic.client.CicClient#loginAsGuest()}); ask the user to log in ({@link
     * dev.opencic.client.CicClient#login}) and to ask again. Does nothing by default.
     */
    protected void onExpectLogin(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code Clova.StartExtension}; does nothing by default. */
    protected void onStartExtension(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code Clova.FinishExtension}; does nothing by default. */
    protected void onFinishExtension(ReceivedDirective directive, AgentHost host) throws Exception {}

    /**
     * {@code Clova.HandleDelegatedEvent}: another device of the account (a phone app, another
     * speaker) handed a request to this one. By default sends {@code Clova.ProcessDelegatedEvent}
     * with the {@code delegationId} unaltered and the current context, as the reference asks of the
     * delegated device; the request's answer comes back as that event's directives and is carried
     * out like any other (outside any dialog). Not waited for here: its directives need this channel.
     */
    protected void onHandleDelegatedEvent(ReceivedDirective directive, AgentHost host) throws Exception {
        Clova.HandleDelegatedEvent delegated = directive.payload(Clova.HandleDelegatedEvent.class);
        if (delegated.delegationId() != null) {
            host.send("Clova", "ProcessDelegatedEvent", new Clova.ProcessDelegatedEvent(delegated.delegationId()));
        }
    }

    /** A name not in {@link #DIRECTIVES} (only reached by subclasses that widen the set); no-op. */
    protected void onOther(ReceivedDirective directive, AgentHost host) throws Exception {}
}
