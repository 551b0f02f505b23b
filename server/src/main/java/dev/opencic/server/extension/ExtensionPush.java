package dev.opencic.server.extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.payload.Clova;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.Reply;
import dev.opencic.server.skill.SkillContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /extensions/NAME/push}: an extension speaks to a user's devices when it has something
 * to say (a delivery arrived, a game's turn came). The extension authenticates with the push secret
 * {@code extension add} printed once ({@code Authorization: Bearer SECRET}; only its SHA-256 is
 * stored), names the user by the CEK {@code userId} its requests carry, and sends
 * <pre>{"userId": "...", "text": "Your parcel has arrived."}</pre>
 * Each device of that account with an open downchannel gets a pushed {@code SpeechSynthesizer.Speak}
 * and {@code Clova.RenderText} of the text, confirmed through {@code DirectivePusher.pushConfirmed}.
 * Answers {@code 202} with {@code {"devices": N}}; a refusal is a {@code System.Exception} JSON with
 * the status as its code and nothing pushed: {@code 404} unknown extension or user, {@code 401} a
 * missing or wrong secret, {@code 403} an account that turned the extension off, {@code 400} a bad
 * body (not JSON, no {@code userId}, no {@code text} or over {@value #MAX_TEXT} characters),
 * {@code 413} a body over {@value #MAX_BODY} bytes.
 */
final class ExtensionPush {

    static final String PATH_PREFIX = "/extensions/";
    static final int MAX_TEXT = 1000;
    static final int MAX_BODY = 8192;

    private static final Logger log = LoggerFactory.getLogger(ExtensionPush.class);

    private final SkillContext context;
    private final ExtensionStore store;
    private final Jdbi jdbi;

    ExtensionPush(SkillContext context, ExtensionStore store) {
        this.context = context;
        this.store = store;
        this.jdbi = context.database().jdbi();
    }

    void bind(ServerBuilder sb) {
        // Armeria's own limit only stops what is far too big; over MAX_BODY is refused below, as a System.Exception.
        sb.route().post(PATH_PREFIX + "{name}/push").maxRequestLength(MAX_BODY * 8L).build((ctx, req) ->
                HttpResponse.of(req.aggregate().thenApplyAsync(
                        r -> handle(ctx.pathParam("name"), r), ctx.blockingTaskExecutor())));
    }

    private HttpResponse handle(String name, AggregatedHttpRequest req) {
        if (req.content().length() > MAX_BODY) {
            return refuse(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "the body is over " + MAX_BODY + " bytes");
        }
        Optional<Registration> registration = store.find(name);
        if (registration.isEmpty()) {
            return refuse(HttpStatus.NOT_FOUND, "no extension named " + name);
        }
        String auth = req.headers().get("authorization", "");
        if (!auth.startsWith("Bearer ") || !MessageDigest.isEqual(
                ExtensionAdmin.sha256(auth.substring("Bearer ".length()).strip()).getBytes(StandardCharsets.UTF_8),
                registration.get().pushSecretHash().getBytes(StandardCharsets.UTF_8))) {
            return refuse(HttpStatus.UNAUTHORIZED, "a push needs the extension's push secret: Authorization: Bearer SECRET");
        }
        JsonNode body;
        try {
            body = MessageCodec.mapper().readTree(req.contentUtf8());
        } catch (IOException e) {
            return refuse(HttpStatus.BAD_REQUEST, "the body is not JSON");
        }
        if (body == null || !body.path("userId").isTextual() || !body.path("text").isTextual()
                || body.path("text").asText().isBlank()) {
            return refuse(HttpStatus.BAD_REQUEST, "the body must be {\"userId\": \"...\", \"text\": \"...\"}");
        }
        String text = body.path("text").asText().strip();
        if (text.length() > MAX_TEXT) {
            return refuse(HttpStatus.BAD_REQUEST, "text is over " + MAX_TEXT + " characters");
        }
        String userId = body.path("userId").asText();
        List<DeviceIdentity> devices = devicesOf(name, userId);
        if (devices == null) {
            return refuse(HttpStatus.NOT_FOUND, "no user " + userId + " for extension " + name);
        }
        String accountId = devices.get(0).accountId();
        if (store.disabledAccounts(name).contains(accountId)) {
            return refuse(HttpStatus.FORBIDDEN, "this user has not enabled extension " + name);
        }
        int pushed = 0;
        for (DeviceIdentity d : devices) {
            if (d.clientId() != null && context.downchannels().isOpen(d)) {
                context.downchannels().pushConfirmed(d, reply(d, text));
                pushed++;
            }
        }
        log.info("event=ExtensionPush extension={} account={} devices={}", name, accountId, pushed);
        return HttpResponse.of(HttpStatus.ACCEPTED, MediaType.JSON_UTF_8, "{\"devices\": " + pushed + "}");
    }

    /**
     * The devices of the account whose CEK user id (for this extension) is {@code userId}, null when
     * none is: the id is a one-way hash of the account, so the accounts with devices are hashed in
     * turn (one pass over the devices table: fine for a household server, an index table for many).
     */
    private List<DeviceIdentity> devicesOf(String name, String userId) {
        List<DeviceIdentity> all = jdbi.withHandle(h -> h.select(
                "SELECT account_id, client_id, device_id FROM devices WHERE client_id IS NOT NULL")
                .map((rs, c) -> new DeviceIdentity(rs.getString(1), rs.getString(2), rs.getString(3))).list());
        List<DeviceIdentity> mine = new ArrayList<>();
        Function<String, String> idOf = account -> CekRequests.userId(name, account);
        for (DeviceIdentity d : all) {
            if (idOf.apply(d.accountId()).equals(userId)) {
                mine.add(d);
            }
        }
        return mine.isEmpty() ? null : mine;
    }

    private Reply reply(DeviceIdentity device, String text) {
        Reply.Builder b = Reply.builder();
        try {
            context.speech().speak(b, text, context.config().language(), null, device);
        } catch (RuntimeException e) { // speech synthesis unavailable: the text alone still shows
            log.warn("event=ExtensionPushSpeechFailed reason=\"{}\"", e.getMessage());
        }
        b.directive(Directive.of(new Clova.RenderText(text)));
        return b.build();
    }

    private static HttpResponse refuse(HttpStatus status, String description) {
        return HttpResponse.of(status, MediaType.JSON_UTF_8,
                new String(MessageCodec.writeSystemException(status.code(), description), StandardCharsets.UTF_8));
    }
}
