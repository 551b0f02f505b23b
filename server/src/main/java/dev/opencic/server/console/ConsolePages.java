package dev.opencic.server.console;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the console's jte templates (src/main/jte, turned into Java classes at build time: no
 * template compiler at run time) and answers with the headers every console response carries.
 * Templates are HTML-typed, so every {@code ${value}} is escaped for where it stands.
 */
final class ConsolePages {

    /**
     * Scripts and styles only from the server's own files (no inline script, no CDN), no framing, forms
     * posting only back here. connect-src/media-src 'self' for the browser device's fetch and audio.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    /** A page: {@code template} with {@code params} given as name, value pairs (values may be null). */
    HttpResponse page(HttpStatus status, String template, List<String> setCookies, Object... params) {
        Map<String, Object> model = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            model.put((String) params[i], params[i + 1]);
        }
        StringOutput out = new StringOutput();
        engine.render(template, model, out);
        ResponseHeadersBuilder headers = secured(ResponseHeaders.builder(status))
                .contentType(MediaType.HTML_UTF_8);
        setCookies.forEach(c -> headers.add(HttpHeaderNames.SET_COOKIE, c));
        return HttpResponse.of(headers.build(), com.linecorp.armeria.common.HttpData.ofUtf8(out.toString()));
    }

    HttpResponse page(String template, Object... params) {
        return page(HttpStatus.OK, template, List.of(), params);
    }

    /** 303 to {@code location} (after a form, so a reload does not post it again). */
    static HttpResponse redirect(String location, List<String> setCookies) {
        ResponseHeadersBuilder headers = secured(ResponseHeaders.builder(HttpStatus.SEE_OTHER))
                .add(HttpHeaderNames.LOCATION, location);
        setCookies.forEach(c -> headers.add(HttpHeaderNames.SET_COOKIE, c));
        return HttpResponse.of(headers.build());
    }

    static HttpResponse redirect(String location) {
        return redirect(location, List.of());
    }

    static ResponseHeadersBuilder secured(ResponseHeadersBuilder headers) {
        return headers.add("content-security-policy", CONTENT_SECURITY_POLICY)
                .add("x-content-type-options", "nosniff")
                .add("x-frame-options", "DENY")
                .add("referrer-policy", "no-referrer")
                // Pages show personal data and carry CSRF tokens: never from a cache.
                .add(HttpHeaderNames.CACHE_CONTROL, "no-store");
    }
}
