package dev.opencic.client;

import java.util.Objects;
import java.util.Set;

/**
 * Handles the directives of one CIC namespace, as in the AVS Device SDK: one agent per namespace.
 * Subclass one of the per-namespace bases in {@code dev.opencic.client.agent} (they dispatch to one
 * method per directive with no-op defaults) or this class directly for a custom namespace.
 *
 * <p>{@link #handle} runs on the client's directive channel thread, one directive at a time per
 * channel in arrival order: it may block (for example until a Speak finished playing), and the
 * next directive of the same channel waits for it. Directives of older dialogs never reach it.
 * Throwing fails the directive and cancels the rest of its dialog.
 */
public abstract class CapabilityAgent {

    /** Which sequencer channel an agent's directives run on. */
    public enum Channel {
        /** Speech, display and everything else of the dialog: one directive at a time. */
        DIALOG,
        /** Music: its own channel, so playback control continues while a dialog goes on. */
        AUDIO
    }

    private final String namespace;
    private final Set<String> directiveNames;

    /**
     * @param namespace      the namespace this agent handles, e.g. {@code SpeechSynthesizer}
     * @param directiveNames the directive names it handles; an empty set means every name
     */
    protected CapabilityAgent(String namespace, Set<String> directiveNames) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.directiveNames = Set.copyOf(Objects.requireNonNull(directiveNames, "directiveNames"));
        if (namespace.isBlank()) {
            throw new IllegalArgumentException("namespace is blank");
        }
    }

    /** The namespace this agent handles. */
    public final String namespace() {
        return namespace;
    }

    /** The directive names handled; empty means all. Others are reported as unhandled. */
    public final Set<String> directiveNames() {
        return directiveNames;
    }

    /** Whether this agent handles {@code name}. */
    public final boolean handles(String name) {
        return directiveNames.isEmpty() || directiveNames.contains(name);
    }

    /** The channel this agent's directives run on; {@link Channel#DIALOG} unless overridden. */
    public Channel channel() {
        return Channel.DIALOG;
    }

    /**
     * Handles one directive. {@code host} is the client it came through, there to send the events
     * the directive calls for (for example {@code SpeechStarted}).
     *
     * @throws Exception to fail the directive; the rest of its dialog is cancelled
     */
    public abstract void handle(ReceivedDirective directive, AgentHost host) throws Exception;

    /**
     * The agent was registered with a client that is now built: {@code host} is that client, for an
     * agent that sends events or keeps timers of its own (not only in reply to a directive). Called
     * once per client, on the thread calling {@link CicClient.Builder#build()}. Does nothing by
     * default.
     */
    protected void onAttach(AgentHost host) {}

    final void attach(AgentHost host) {
        onAttach(host);
    }

    /**
     * The dialog of {@code directive}, which {@link #handle} is processing right now, was
     * superseded: stop (for example stop speaking) and return from {@code handle} soon. Called on
     * the thread that started the new dialog; keep it short. Does nothing by default.
     */
    public void onCancel(ReceivedDirective directive) {}
}
