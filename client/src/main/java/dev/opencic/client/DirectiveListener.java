package dev.opencic.client;

/**
 * Observes every directive the client receives, for logging, printing (a device program's {@code
 * --json}) and for directives no agent handles. Abstract with empty methods: override what you
 * need. Calls arrive in order on the client's callback executor, never on a network thread.
 */
public abstract class DirectiveListener {

    /**
     * A directive is about to be handed to its agent (or reported unhandled): its attachments have
     * all arrived. Called in processing order.
     */
    public void onDirective(ReceivedDirective directive) {}

    /** No registered agent handles this namespace and name. The SDK goes on with the next one. */
    public void onUnhandledDirective(ReceivedDirective directive) {}

    /**
     * The directive was not processed: its dialog was superseded by a newer one, or failed, or an
     * attachment it references never arrived. {@code reason} says which.
     */
    public void onDirectiveDropped(ReceivedDirective directive, String reason) {}

    /** The agent threw; the rest of the directive's dialog is cancelled. */
    public void onDirectiveFailed(ReceivedDirective directive, Throwable cause) {}

    /** The server sent a {@code System.Exception} on the downchannel. */
    public void onException(CicException exception) {}
}
