package dev.opencic.server.transport;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.multipart.MultipartWriter;
import dev.opencic.protocol.multipart.PartHeaders;
import dev.opencic.server.api.CicException;

/**
 * Error responses as the 2018 reference shows them: the HTTP status plus a {@code multipart/related}
 * body whose one part is a {@code System.Exception} message with the same code.
 */
public final class SystemExceptions {
    private SystemExceptions() {}

    public static HttpResponse response(HttpStatus status, String description) {
        return HttpResponse.of(headers(status), HttpData.wrap(body(status.code(), description)));
    }

    public static HttpResponse response(CicException e) {
        if (e.retryAfter() == null) {
            return response(e.status(), e.description());
        }
        // Shedding answers many of these exactly when the server is busiest: one header block, built once.
        ResponseHeaders headers = ResponseHeaders.of(e.status(), "content-type", CONTENT_TYPE,
                "retry-after", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        return HttpResponse.of(headers, HttpData.wrap(body(e.status().code(), e.description())));
    }

    static ResponseHeaders headers(HttpStatus status) {
        return ResponseHeaders.of(status, "content-type", CONTENT_TYPE);
    }

    private static final String BOUNDARY = "cic-exception-boundary";
    private static final String CONTENT_TYPE = MediaType.parse("multipart/related; boundary=" + BOUNDARY).toString();

    static byte[] body(int code, String description) {
        MultipartWriter writer = new MultipartWriter(BOUNDARY);
        byte[] json = MessageCodec.writeSystemException(code, description);
        return Bytes.concat(writer.begin(), writer.part(partHeaders(), json), writer.end());
    }

    static PartHeaders partHeaders() {
        return PartHeaders.of(
                "Content-Disposition", "form-data; name=\"exception-" + MessageIds.newId() + '"',
                "Content-Type", "application/json; charset=utf-8");
    }
}
