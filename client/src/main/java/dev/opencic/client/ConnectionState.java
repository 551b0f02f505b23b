package dev.opencic.client;

/**
 * The states of a {@link CicClient}'s connection, as an explicit state machine (the AVS Device SDK's
 * {@code HTTP2Transport} has the same shape). Transitions are reported to {@link
 * ConnectionListener#onStateChanged}.
 */
public enum ConnectionState {
    /** Not started yet, or between {@code start()} and the first connection attempt. */
    DISCONNECTED,
    /** Opening the connection and the downchannel. */
    CONNECTING,
    /** The downchannel is open: events can be sent and cloud-initiated directives arrive. */
    CONNECTED,
    /** The last attempt failed (or the downchannel was taken over); waiting out a backoff delay. */
    WAITING_TO_RETRY,
    /**
     * {@link CicClient#close()} was called, or the server rejected the refresh token ({@code
     * invalid_grant}, see {@link ConnectionListener#onAuthenticationFailed}); terminal.
     */
    SHUTDOWN
}
