package dev.opencic.server.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import java.time.Clock;
import java.time.Duration;

/**
 * A device in the browser (issue 23 item 7): {@code GET /console/talk} is the page (talk.jte and
 * static/talk.js, a CIC client speaking to {@code /v1/events} and {@code /v1/directives} like any
 * device), {@code POST /console/talk/token} gives it the access token of the account's browser
 * device ({@link BrowserDevices}) through the signed-in session: the route's CSRF check and sign-in
 * rule are the console's (403, 401) and nothing else here trusts the page.
 */
final class TalkPages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConsolePages pages;
    private final BrowserDevices devices;
    private final Clock clock;

    TalkPages(ConsolePages pages, BrowserDevices devices, Clock clock) {
        this.pages = pages;
        this.devices = devices;
        this.clock = clock;
    }

    HttpResponse page(ConsoleRequest r) {
        ConsoleUser user = r.signedIn();
        return pages.page("talk.jte", "user", user, "deviceId", BrowserDevices.deviceId(user.accountId()),
                "secure", r.tls());
    }

    HttpResponse token(ConsoleRequest r) {
        BrowserDevices.BrowserToken token = devices.token(r.signedIn());
        long expiresIn = Math.max(0, Duration.between(clock.instant(), token.expiresAt()).toSeconds());
        ObjectNode body = JSON.createObjectNode()
                .put("access_token", token.accessToken())
                .put("token_type", "Bearer")
                .put("expires_in", expiresIn)
                .put("device_id", token.deviceId());
        ResponseHeaders headers = ConsolePages.secured(ResponseHeaders.builder(HttpStatus.OK))
                .contentType(MediaType.JSON_UTF_8).build();
        return HttpResponse.of(headers, HttpData.ofUtf8(body.toString()));
    }
}
