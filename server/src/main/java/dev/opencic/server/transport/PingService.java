package dev.opencic.server.transport;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * {@code GET /ping}: {@code 204}. The fallback liveness check for clients that cannot send HTTP/2
 * PING frames (those are acknowledged by the HTTP/2 layer itself). Like every CIC endpoint it takes
 * the device's access token (the reference's example carries one): the server decorates it with
 * {@link BearerTokenAuthService}, so a ping without a valid token is {@code 401} with a {@code
 * System.Exception} and never reaches this service.
 */
public final class PingService implements HttpService {
    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        return HttpResponse.of(HttpStatus.NO_CONTENT);
    }
}
