package dev.opencic.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * An error the server reported: the HTTP status and, when the body held one, the {@code
 * System.Exception} message's {@code code} and {@code description}. Also used for a {@code
 * System.Exception} pushed on the downchannel (then {@link #httpStatus()} is 200).
 */
public final class CicException extends IOException {

    private final int httpStatus;
    private final int code;
    private final String description;
    private final String oauthError;
    private final Duration retryAfter;

    /** An error with the status of the HTTP response, the exception's code and its description. */
    public CicException(int httpStatus, int code, String description) {
        this(httpStatus, code, description, null);
    }

    /**
     * An error of an auth endpoint ({@code /accounts/login}, {@code /authorize}, {@code /token}),
     * with the OAuth 2.0 {@code error} code of its {@code {"error", "error_description"}} body.
     *
     * @param oauthError the {@code error} code, e.g. {@code invalid_grant}; null if the body had none
     */
    public CicException(int httpStatus, int code, String description, String oauthError) {
        this(httpStatus, code, description, oauthError, null);
    }

    /**
     * An error whose response asked the client to wait: a {@code 503} or {@code 429} with a {@code
     * Retry-After}, as a delay from when it was read.
     *
     * @param retryAfter the delay the server asked for; null if it named none
     */
    public CicException(int httpStatus, int code, String description, String oauthError, Duration retryAfter) {
        super("CIC error " + code + (httpStatus != code ? " (HTTP " + httpStatus + ")" : "")
                + (oauthError != null ? " " + oauthError : "") + ": " + description);
        this.httpStatus = httpStatus;
        this.code = code;
        this.description = description;
        this.oauthError = oauthError;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status of the response that carried the error. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The {@code code} of the {@code System.Exception} payload (the HTTP status on OpenCIC). */
    public int code() {
        return code;
    }

    /** What the server said was wrong. */
    public String description() {
        return description;
    }

    /**
     * The OAuth 2.0 {@code error} code when an auth call failed ({@link CicClient#login}, {@link
     * CicClient#logout}, {@link CicClient#refreshTokens}, and the refreshes the client makes by
     * itself): {@code invalid_grant} (wrong code, or a refresh token that was revoked or already
     * rotated: log in again), {@code invalid_client} (wrong client id or secret), {@code
     * invalid_request}, ... Null for errors of other endpoints or a body without {@code error}.
     */
    public String oauthError() {
        return oauthError;
    }

    /**
     * How long the server asked to wait before trying again (the {@code Retry-After} of a {@code
     * 503} or {@code 429}), when it said. The client has already retried an event as far as {@link
     * CicClient.Builder#retryOnBusy} allows; an audio upload it never retries, so an app can ask
     * the user again once this has passed.
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
