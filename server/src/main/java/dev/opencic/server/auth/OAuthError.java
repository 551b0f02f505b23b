package dev.opencic.server.auth;

/** The error codes the auth endpoints answer with, and the HTTP status of each. */
public enum OAuthError {
    INVALID_REQUEST("invalid_request", 400),
    INVALID_CLIENT("invalid_client", 401),
    INVALID_GRANT("invalid_grant", 400),
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", 400),
    UNSUPPORTED_RESPONSE_TYPE("unsupported_response_type", 400),
    UNAUTHORIZED("unauthorized", 401),
    /** Too many failed attempts from this account, device or address: wait {@code Retry-After} seconds. */
    TOO_MANY_REQUESTS("too_many_requests", 429),
    /** Every password-hashing thread is busy and its queue full: retry after {@code Retry-After} seconds. */
    TEMPORARILY_UNAVAILABLE("temporarily_unavailable", 503),
    /** Device authorisation grant (RFC 8628 3.5): nobody has approved the code yet; poll again. */
    AUTHORIZATION_PENDING("authorization_pending", 400),
    /** Device authorisation grant: polled faster than {@code interval}; wait 5 s more between polls. */
    SLOW_DOWN("slow_down", 400),
    /** Device authorisation grant: the person denied the request. */
    ACCESS_DENIED("access_denied", 400),
    /** Device authorisation grant: the device code expired (or was already redeemed); start again. */
    EXPIRED_TOKEN("expired_token", 400);

    private final String code;
    private final int httpStatus;

    OAuthError(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The value of the JSON {@code error} field. */
    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
