package dev.opencic.server.transport;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;
import dev.opencic.server.auth.AccessTokenVerifier;
import dev.opencic.server.auth.DeviceIdentity;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Lets a request through only with a valid {@code Authorization: Bearer} Clova access token, and
 * records whose it is in {@link CicAttrs#REQUEST}. Missing, unknown, expired and revoked tokens all
 * get {@code 401} with a {@code System.Exception}; the token itself is never logged.
 */
public final class BearerTokenAuthService extends SimpleDecoratingHttpService {

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
        CompletableFuture<Optional<DeviceIdentity>> verified = verifier.verify(token);
        if (verified.isDone() && !verified.isCompletedExceptionally()) {
            return serveAs(ctx, req, verified.join()); // the usual case: answered from the cache
        }
        return HttpResponse.of(verified.thenApply(identity -> {
            try {
                return serveAs(ctx, req, identity);
            } catch (Exception e) {
                return HttpResponse.ofFailure(e);
            }
        }));
    }

    private HttpResponse serveAs(ServiceRequestContext ctx, HttpRequest req, Optional<DeviceIdentity> identity)
            throws Exception {
        if (identity.isEmpty()) {
            return SystemExceptions.response(CicException.unauthorized("access token is invalid, expired or revoked"));
        }
        ctx.setAttr(CicAttrs.REQUEST, new CicAttrs.RequestInfo(identity.get()));
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
