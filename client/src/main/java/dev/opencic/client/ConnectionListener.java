package dev.opencic.client;

import java.time.Duration;

/**
 * Receives connection lifecycle callbacks. An abstract class with empty methods (like OkHttp's
 * {@code EventSourceListener}) so an app overrides only what it needs. Calls arrive in order on the
 * client's callback executor, never on a network thread.
 */
public abstract class ConnectionListener {

    /** The connection state changed from {@code previous} to {@code current}. */
    public void onStateChanged(ConnectionState previous, ConnectionState current) {}

    /**
     * A connection attempt or an open downchannel failed; the client will retry after {@code
     * retryIn}. {@code cause} is an {@link java.io.IOException} for network failures and a {@link
     * CicException} for an error status (for example {@code 429} when the device opens its
     * downchannel too often).
     */
    public void onFailure(Throwable cause, Duration retryIn) {}

    /**
     * The server ended our downchannel cleanly although we did not ask: another client with the same
     * device id opened one (or the token was revoked). The client backs off for {@code retryIn}
     * instead of taking the downchannel back at once, so two copies of a device do not fight.
     */
    public void onDownchannelReplaced(Duration retryIn) {}

    /**
     * The server refused the stored credentials: the user has to log in again.
     * <ul>
     *   <li>The token endpoint rejected the refresh token ({@code 400}, {@link CicException#oauthError()}
     *       {@code invalid_grant}: it was revoked, or rotated by another copy of these tokens). The
     *       tokens are removed from the {@link TokenStore} ({@link CicClient#isLoggedIn()} is false)
     *       and the client stops: its state becomes {@link ConnectionState#SHUTDOWN} and {@link
     *       CicClient#whenConnected()} fails with {@code cause}. {@link CicClient#login} still works
     *       on it; then {@link CicClient#close()} it and build a new client to connect again.</li>
     *   <li>A {@code 401} even after a refresh: the client keeps retrying with backoff in case the
     *       store is updated by {@link CicClient#login}.</li>
     * </ul>
     */
    public void onAuthenticationFailed(CicException cause) {}
}
