package dev.opencic.server.console;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.Cookie;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A console visitor over plain HTTP (no browser): keeps its cookies like a browser, reads the CSRF
 * token of the last page. For the checks a browser hides: headers, cookie attributes, forged forms.
 */
final class ConsoleHttp {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final ClientFactory FACTORY = ClientFactory.builder().tlsNoVerify().build();

    private final WebClient client;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String csrf;

    ConsoleHttp(String baseUri) {
        this.client = WebClient.builder(baseUri).factory(FACTORY).build();
    }

    AggregatedHttpResponse get(String path) {
        return remember(client.execute(headers(HttpMethod.GET, path).build()).aggregate().join());
    }

    /** A form post carrying the CSRF token of the last page (unless the form names its own "csrf"). */
    AggregatedHttpResponse post(String path, String... nameValues) {
        com.linecorp.armeria.common.QueryParamsBuilder form = QueryParams.builder();
        boolean ownCsrf = false;
        for (int i = 0; i < nameValues.length; i += 2) {
            form.add(nameValues[i], nameValues[i + 1]);
            ownCsrf |= nameValues[i].equals("csrf");
        }
        if (!ownCsrf && csrf != null) {
            form.add("csrf", csrf);
        }
        return remember(client.execute(headers(HttpMethod.POST, path).contentType(MediaType.FORM_DATA).build(),
                form.build().toQueryString()).aggregate().join());
    }

    /** A form post of exactly these fields (no CSRF token added): for forged and replayed forms. */
    AggregatedHttpResponse postExactly(String path, QueryParams form) {
        return remember(client.execute(headers(HttpMethod.POST, path).contentType(MediaType.FORM_DATA).build(),
                form.toQueryString()).aggregate().join());
    }

    /** Signs in through the sign-in form. */
    AggregatedHttpResponse signIn(String username, String password) {
        get("/console/login");
        return post("/console/login", "username", username, "password", password);
    }

    String cookie(String name) {
        return cookies.get(name);
    }

    String csrf() {
        return csrf;
    }

    private RequestHeadersBuilder headers(HttpMethod method, String path) {
        RequestHeadersBuilder b = RequestHeaders.builder(method, path);
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((n, v) -> header.append(header.length() == 0 ? "" : "; ").append(n).append('=').append(v));
            b.add("cookie", header.toString());
        }
        return b;
    }

    private AggregatedHttpResponse remember(AggregatedHttpResponse res) {
        for (Cookie c : res.headers().cookies()) {
            if (c.value().isEmpty() || c.maxAge() == 0) {
                cookies.remove(c.name());
            } else {
                cookies.put(c.name(), c.value());
            }
        }
        Matcher m = CSRF.matcher(res.contentUtf8());
        if (m.find()) {
            csrf = m.group(1);
        }
        return res;
    }
}
