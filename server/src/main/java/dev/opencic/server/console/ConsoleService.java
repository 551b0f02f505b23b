package dev.opencic.server.console;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.opencic.server.auth.OAuthError;
import dev.opencic.server.auth.OAuthException;
import dev.opencic.server.auth.Secrets;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One console route: aggregates the request, finds the signed-in person, refuses a POST whose CSRF
 * token is missing or wrong (403) before anything happens, applies the route's access (sign-in page
 * for a signed-out GET, 401 for a signed-out POST, 403 for a non-administrator on an admin route),
 * then runs the action on the blocking executor (database, password hashing) and turns a refusal
 * into an error page with its status. Nothing here echoes a parameter it did not validate.
 */
final class ConsoleService implements HttpService {

    private static final Logger log = LoggerFactory.getLogger(ConsoleService.class);

    enum Access { EVERYONE, SIGNED_IN, ADMIN }

    @FunctionalInterface
    interface Action {
        HttpResponse handle(ConsoleRequest request);
    }

    private final ConsolePages pages;
    private final ConsoleSessions sessions;
    private final Access access;
    private final Action action;

    ConsoleService(ConsolePages pages, ConsoleSessions sessions, Access access, Action action) {
        this.pages = pages;
        this.sessions = sessions;
        this.access = access;
        this.action = action;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        return HttpResponse.of(req.aggregate().thenApplyAsync(agg -> handle(ctx, agg), ctx.blockingTaskExecutor()));
    }

    private HttpResponse handle(ServiceRequestContext ctx, AggregatedHttpRequest req) {
        Optional<ConsoleUser> user = Optional.empty();
        try {
            user = sessions.user(req.headers());
            String formCookie = ConsoleSessions.cookie(req.headers(), ConsoleSessions.FORM_COOKIE);
            String formCsrf;
            if (user.isPresent()) {
                formCsrf = user.get().csrf();
            } else if (formCookie != null) {
                formCsrf = formCookie;
            } else {
                formCsrf = Secrets.newSecret();
                ctx.addAdditionalResponseHeader(HttpHeaderNames.SET_COOKIE,
                        ConsoleSessions.formCookie(formCsrf, ctx.sessionProtocol().isTls()));
            }
            boolean post = req.method() == HttpMethod.POST;
            QueryParams params = post ? form(req) : ctx.queryParams();
            if (post) {
                List<String> sent = params.getAll("csrf");
                String expected = user.map(ConsoleUser::csrf).orElse(formCookie);
                if (expected == null || sent.size() != 1 || !Secrets.digestsEqual(sent.get(0), expected)) {
                    throw new ConsoleException(403, "This form has expired or was not sent from this console. "
                            + "Reload the page and try again.");
                }
            }
            if (access != Access.EVERYONE && user.isEmpty()) {
                if (!post) {
                    String next = ctx.path() + (ctx.query() == null ? "" : "?" + ctx.query());
                    return ConsolePages.redirect("/console/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
                }
                throw new ConsoleException(401, "Please sign in again.");
            }
            if (access == Access.ADMIN && !user.get().admin()) {
                throw new ConsoleException(403, "This page is for administrators.");
            }
            return action.handle(new ConsoleRequest(ctx, req, params, user, formCsrf));
        } catch (ConsoleException e) {
            return pages.page(HttpStatus.valueOf(e.status()), "error.jte", List.of(), "user", user.orElse(null),
                    "message", e.getMessage());
        } catch (OAuthException e) {
            HttpResponse page = pages.page(HttpStatus.valueOf(e.error().httpStatus()), "error.jte", List.of(),
                    "user", user.orElse(null), "message", message(e));
            if (e.retryAfter() != null) {
                ctx.addAdditionalResponseHeader(HttpHeaderNames.RETRY_AFTER,
                        Long.toString(Math.max(1, e.retryAfter().toSeconds())));
            }
            return page;
        } catch (IllegalArgumentException e) {
            // The services' validation messages are written for people ("password must be at least 8 ...").
            return pages.page(HttpStatus.BAD_REQUEST, "error.jte", List.of(), "user", user.orElse(null),
                    "message", e.getMessage());
        } catch (RuntimeException e) {
            log.error("event=ConsoleRequestFailed path={} cause={}", ctx.path(), e.toString(), e);
            return pages.page(HttpStatus.INTERNAL_SERVER_ERROR, "error.jte", List.of(), "user", user.orElse(null),
                    "message", "Something went wrong on the server.");
        }
    }

    private static String message(OAuthException e) {
        if (e.error() == OAuthError.UNAUTHORIZED) {
            return "Wrong user name or password.";
        }
        if (e.error() == OAuthError.TOO_MANY_REQUESTS) {
            return "Too many failed attempts. Wait a little and try again.";
        }
        return e.description();
    }

    private static QueryParams form(AggregatedHttpRequest req) {
        MediaType type = req.headers().contentType();
        if (type == null || !type.is(MediaType.FORM_DATA)) {
            throw new ConsoleException(415, "Forms must be sent as application/x-www-form-urlencoded.");
        }
        return QueryParams.fromQueryString(req.contentUtf8());
    }
}
