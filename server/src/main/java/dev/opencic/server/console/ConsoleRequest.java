package dev.opencic.server.console;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.util.Optional;

/**
 * One console request, aggregated, with its form (POST) or query (GET), its signed-in person if any,
 * and the CSRF value a form on the page it answers must carry.
 */
record ConsoleRequest(ServiceRequestContext ctx, AggregatedHttpRequest request, QueryParams params,
                      Optional<ConsoleUser> user, String formCsrf) {

    private static final int MAX_PARAM_LENGTH = 4096;

    boolean tls() {
        return ctx.sessionProtocol().isTls();
    }

    boolean isPost() {
        return request.method() == HttpMethod.POST;
    }

    /** The parameter, stripped; null if absent or blank. A repeated or over-long one is refused. */
    String param(String name) {
        var values = params.getAll(name);
        if (values.size() > 1) {
            throw new ConsoleException(400, "The field " + name + " was sent more than once.");
        }
        if (values.isEmpty() || values.get(0).isBlank()) {
            return null;
        }
        if (values.get(0).length() > MAX_PARAM_LENGTH) {
            throw new ConsoleException(400, "The field " + name + " is too long.");
        }
        return values.get(0).strip();
    }

    /** A password field: not stripped (spaces count), null if absent or empty. */
    char[] password(String name) {
        var values = params.getAll(name);
        if (values.size() != 1 || values.get(0).isEmpty()) {
            return null;
        }
        if (values.get(0).length() > MAX_PARAM_LENGTH) {
            throw new ConsoleException(400, "The field " + name + " is too long.");
        }
        return values.get(0).toCharArray();
    }

    String required(String name, String label) {
        String value = param(name);
        if (value == null) {
            throw new ConsoleException(400, label + " is missing.");
        }
        return value;
    }

    ConsoleUser signedIn() {
        return user.orElseThrow(() -> new IllegalStateException("signedIn() on a page open to everyone"));
    }

    /** The path and query of this request (where to come back after signing in). */
    String pathAndQuery() {
        String query = ctx.query();
        return ctx.path() + (query == null ? "" : "?" + query);
    }
}
