package dev.opencic.server.transport;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.RequestTimeoutException;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.opencic.server.api.CicException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become responses: typed {@link CicException}s keep their status,
 * limits become {@code 413}/{@code 503}, anything unexpected is logged here with its stack trace and
 * reaches the device only as a {@code 500} with a generic description.
 */
public final class CicErrorHandler implements ServerErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(CicErrorHandler.class);

    @Override
    public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        return SystemExceptions.response(toCicException(ctx, cause));
    }

    @Override
    public AggregatedHttpResponse renderStatus(ServiceRequestContext ctx, ServiceConfig config,
                                               RequestHeaders headers, HttpStatus status,
                                               String description, Throwable cause) {
        // Statuses Armeria produces itself (404 for an unknown path, 405, 413 on Content-Length,
        // protocol violations) get the same System.Exception body as ours.
        String text = status.code() == 413 && config != null
                ? "request body exceeds " + config.maxRequestLength() + " bytes"
                : description != null ? description : defaultDescription(status);
        return AggregatedHttpResponse.of(SystemExceptions.headers(status),
                com.linecorp.armeria.common.HttpData.wrap(SystemExceptions.body(status.code(), text)));
    }

    /** Maps any failure to the exception the device should see. */
    public static CicException toCicException(ServiceRequestContext ctx, Throwable cause) {
        Throwable c = unwrap(cause);
        if (c instanceof CicException e) {
            return e;
        }
        if (c instanceof ContentTooLargeException
                || (c instanceof HttpStatusException e && e.httpStatus().code() == 413)) {
            return new CicException(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body exceeds " + ctx.maxRequestLength() + " bytes");
        }
        if (c instanceof HttpStatusException e) {
            return new CicException(e.httpStatus(), defaultDescription(e.httpStatus()));
        }
        if (c instanceof RequestTimeoutException || c.getCause() instanceof RequestTimeoutException) {
            return new CicException(HttpStatus.SERVICE_UNAVAILABLE, "request timed out");
        }
        if (isStreamGone(c)) {
            // The device reset or abandoned the stream: no one is left to read an answer, and it is
            // not a server fault.
            return CicException.badRequest("request stream was closed by the client");
        }
        if (c instanceof RequestTimeoutException) {
            return new CicException(HttpStatus.SERVICE_UNAVAILABLE, "request timed out");
        }
        log.error("event=InternalError path={} cause={}", ctx.path(), c.toString(), c);
        return new CicException(HttpStatus.INTERNAL_SERVER_ERROR, "internal server error");
    }

    /**
     * Whether the failure is only the response stream having gone away (the device reset it, or it
     * timed out), also when an engine wrapped that in its own exception (a synthesis sink that
     * could not write): nobody is left to answer and it is not a server fault, so no stack trace.
     */
    static boolean isStreamGone(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof com.linecorp.armeria.common.stream.ClosedStreamException
                    || c instanceof com.linecorp.armeria.common.stream.AbortedStreamException
                    || c instanceof RequestTimeoutException) {
                return true;
            }
        }
        return false;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String defaultDescription(HttpStatus status) {
        return switch (status.code()) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed";
            case 413 -> "request body too large";
            default -> status.reasonPhrase();
        };
    }
}
