package dev.opencic.server.transport;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ConnectionContext;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.auth.AccessTokenVerifier.VerifiedToken;
import dev.opencic.server.auth.AccessTokenVerifier;
import io.netty.util.AttributeKey;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Lets a request through only with a valid {@code Authorization: Bearer} Clova access token, and
 * records whose it is in {@link CicAttrs#REQUEST}. Missing, unknown, expired and revoked tokens all
 * get {@code 401} with a {@code System.Exception}; the token itself is never logged.
 *
 * <p>A device sends all its events on one connection with the same token, so the last token verified
 * on a connection is kept with the connection: the next request with that token is let through
 * after a string comparison and {@link AccessTokenVerifier#isStillValid} (expiry, and no revocation
 * since), instead of a SHA-256 digest and a cache lookup per event. The kept token lives only as long
 * as the connection, which holds it in its header table anyway.
 */
public final class BearerTokenAuthService extends SimpleDecoratingHttpService {

    private static final AttributeKey<ConnectionToken> CONNECTION_TOKEN =
            AttributeKey.valueOf(BearerTokenAuthService.class, "CONNECTION_TOKEN");

    /** The last token verified on a connection and the verifier's answer for it. */
    private record ConnectionToken(String token, VerifiedToken verified) {}

    private final AccessTokenVerifier verifier;

    private BearerTokenAuthService(HttpService delegate, AccessTokenVerifier verifier) {
        super(delegate);
        this.verifier = verifier;
    }

    public static Function<? super HttpService, BearerTokenAuthService> newDecorator(AccessTokenVerifier verifier) {
        java.util.Objects.requireNonNull(verifier, "verifier");
        return delegate -> new BearerTokenAuthService(delegate, verifier);
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
        String token = bearerToken(req.headers().get(HttpHeaderNames.AUTHORIZATION));
        if (token == null) {
            return SystemExceptions.response(CicException.unauthorized("missing bearer access token"));
        }
        ConnectionContext connection = ctx.connectionContext();
        ConnectionToken known = connection.attr(CONNECTION_TOKEN);
        if (known != null && known.token().equals(token) && verifier.isStillValid(known.verified())) {
            return serveAs(ctx, req, known.verified().identity()); // the usual case
        }
        CompletableFuture<Optional<VerifiedToken>> verified = verifier.verifyToken(token);
        if (verified.isDone() && !verified.isCompletedExceptionally()) {
            return serveVerified(ctx, req, token, verified.join()); // answered from the cache
        }
        return HttpResponse.of(verified.thenApply(v -> {
            try {
                return serveVerified(ctx, req, token, v);
            } catch (Exception e) {
                return HttpResponse.ofFailure(e);
            }
        }));
    }

    private HttpResponse serveVerified(ServiceRequestContext ctx, HttpRequest req, String token,
                                       Optional<VerifiedToken> verified) throws Exception {
        if (verified.isEmpty()) {
            return SystemExceptions.response(CicException.unauthorized("access token is invalid, expired or revoked"));
        }
        ctx.connectionContext().setAttr(CONNECTION_TOKEN, new ConnectionToken(token, verified.get()));
        return serveAs(ctx, req, verified.get().identity());
    }

    private HttpResponse serveAs(ServiceRequestContext ctx, HttpRequest req, DeviceIdentity identity) throws Exception {
        ctx.setAttr(CicAttrs.REQUEST, new CicAttrs.RequestInfo(identity));
        return unwrap().serve(ctx, req);
    }

    static String bearerToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = value.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
