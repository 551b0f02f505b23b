package dev.opencic.server.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerPort;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.store.OwnerOnlyFiles;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server's admin endpoint: a second HTTP port, on loopback unless configured otherwise,
 * serving {@code /metrics} (for Prometheus, no secret) and {@code POST /admin/v1/<command>}
 * (the {@code ./cic admin} commands, with {@code Authorization: Bearer <secret>}).
 *
 * <p>Why a loopback port rather than a Unix socket in the data directory: Armeria and the JDK's HTTP
 * client speak TCP without native transports, Prometheus can scrape it (and be pointed elsewhere with
 * {@code admin-address}), and the secret still limits it to whoever can read the data directory --
 * the account the server runs as. The secret is new at every start, in {@code <data-dir>/admin.secret}
 * (0600); {@code <data-dir>/admin.endpoint} says where the port is and is removed at a clean stop.
 */
public final class AdminEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminEndpoint.class);
    public static final String SECRET_FILE = "admin.secret";
    public static final String ENDPOINT_FILE = "admin.endpoint";
    // An extension's model file travels in the body of extension-add/update (200,000 characters at most).
    private static final long MAX_REQUEST_BYTES = 1024 * 1024;

    private final Path dataDir;
    private final AdminOperations operations;
    private final byte[] secret;
    private final Server server;

    public AdminEndpoint(Path dataDir, String address, int port, AdminOperations operations,
                         PrometheusMeterRegistry meters, Executor blocking) {
        this.dataDir = requireNonNull(dataDir, "dataDir");
        this.operations = requireNonNull(operations, "operations");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random).getBytes(StandardCharsets.US_ASCII);
        this.server = Server.builder()
                .port(new ServerPort(new InetSocketAddress(address, port), SessionProtocol.HTTP))
                .maxRequestLength(MAX_REQUEST_BYTES)
                .service("/metrics", (ctx, req) -> HttpResponse.of(
                        MediaType.parse("text/plain; version=0.0.4; charset=utf-8"), meters.scrape()))
                .service("prefix:/admin/v1/", (ctx, req) -> HttpResponse.of(req.aggregate().thenApplyAsync(
                        agg -> handle(ctx, agg), blocking)))
                .build();
    }

    /** Writes the secret, listens, then says where (so a client never finds an endpoint without its secret). */
    public AdminEndpoint start() {
        OwnerOnlyFiles.writeSecret(dataDir.resolve(SECRET_FILE), secret);
        server.start().join();
        InetSocketAddress bound = server.activePort(SessionProtocol.HTTP).localAddress();
        InetAddress host = bound.getAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bound.getAddress();
        String uri = "http://" + (host.getHostAddress().contains(":") ? "[" + host.getHostAddress() + "]"
                : host.getHostAddress()) + ":" + bound.getPort();
        OwnerOnlyFiles.writeSecret(dataDir.resolve(ENDPOINT_FILE), uri.getBytes(StandardCharsets.US_ASCII));
        log.info("event=AdminEndpointStarted uri={}", uri);
        return this;
    }

    public int port() {
        return server.activeLocalPort(SessionProtocol.HTTP);
    }

    private HttpResponse handle(ServiceRequestContext ctx, AggregatedHttpRequest req) {
        if (!authorized(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            return error(HttpStatus.UNAUTHORIZED, "missing or wrong admin secret (see <data-dir>/admin.secret)");
        }
        if (!"POST".equals(req.method().name())) {
            return error(HttpStatus.METHOD_NOT_ALLOWED, "admin commands are POST");
        }
        JsonNode body;
        try {
            body = MessageCodec.mapper().readTree(req.contentUtf8());
        } catch (IOException e) {
            return error(HttpStatus.BAD_REQUEST, "body must be a JSON object");
        }
        if (body == null || !body.isObject()) {
            return error(HttpStatus.BAD_REQUEST, "body must be a JSON object");
        }
        String command = ctx.path().substring("/admin/v1/".length());
        AdminResult result;
        try {
            result = run(command, body);
        } catch (UnknownCommand e) {
            return error(HttpStatus.NOT_FOUND, "no admin command " + command);
        } catch (MissingField e) {
            return error(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (RuntimeException e) {
            // Refused (a taken name, a short password, no such user): ./cic admin prints the message
            // as it would have had it run the command itself.
            log.info("event=AdminCommand command={} refused=true", command);
            ObjectNode json = MessageCodec.mapper().createObjectNode()
                    .put("failure", e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, json.toString());
        }
        log.info("event=AdminCommand command={} exit={}", command, result.exitCode());
        ObjectNode json = MessageCodec.mapper().createObjectNode()
                .put("exit", result.exitCode()).put("out", result.out()).put("err", result.err());
        return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, json.toString());
    }

    private AdminResult run(String command, JsonNode body) {
        return switch (command) {
            case "user-add" -> operations.addUser(text(body, "name"), text(body, "password").toCharArray());
            case "user-grant-admin" -> operations.grantAdmin(text(body, "name"));
            case "user-timezone" -> operations.setTimeZone(text(body, "name"), text(body, "zone"),
                    body.hasNonNull("device") ? body.get("device").asText() : null);
            case "client-add" -> operations.addClient(text(body, "name"));
            case "client-list" -> operations.listClients();
            case "client-rotate-secret" -> operations.rotateClientSecret(text(body, "client"));
            case "client-delete" -> operations.deleteClient(text(body, "client"));
            case "user-revoke-admin" -> operations.revokeAdmin(text(body, "name"));
            case "place-set" -> operations.setPlace(text(body, "user"), text(body, "name"),
                    number(body, "latitude"), number(body, "longitude"));
            case "place-show" -> operations.showPlace(text(body, "user"));
            case "place-clear" -> operations.clearPlace(text(body, "user"));
            case "extension-add" -> operations.addExtension(text(body, "name"), text(body, "url"), text(body, "model"));
            case "extension-update" -> operations.updateExtension(text(body, "name"), optionalText(body, "url"),
                    optionalText(body, "model"));
            case "extension-list" -> operations.listExtensions();
            case "extension-remove" -> operations.removeExtension(text(body, "name"));
            case "extension-enable" -> operations.enableExtension(text(body, "name"), text(body, "user"), true);
            case "extension-disable" -> operations.enableExtension(text(body, "name"), text(body, "user"), false);
            case "device-list" -> operations.listDevices(text(body, "user"));
            case "device-name" -> operations.nameDevice(text(body, "user"), text(body, "device"), text(body, "name"),
                    body.hasNonNull("room") ? body.get("room").asText() : null);
            default -> throw new UnknownCommand();
        };
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(secret, header.substring(7).strip().getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual()) {
            throw new MissingField("missing text field: " + field);
        }
        return v.asText();
    }

    private static String optionalText(JsonNode body, String field) {
        return body.hasNonNull(field) ? text(body, field) : null;
    }

    private static double number(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isNumber()) {
            throw new MissingField("missing number field: " + field);
        }
        return v.asDouble();
    }

    private static HttpResponse error(HttpStatus status, String message) {
        ObjectNode json = MessageCodec.mapper().createObjectNode().put("error", message);
        return HttpResponse.of(status, MediaType.JSON_UTF_8, json.toString());
    }

    private static final class UnknownCommand extends RuntimeException {
        UnknownCommand() {
            super(null, null, false, false);
        }
    }

    private static final class MissingField extends RuntimeException {
        MissingField(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public void close() {
        server.stop().join();
        try {
            Files.deleteIfExists(dataDir.resolve(ENDPOINT_FILE));
            Files.deleteIfExists(dataDir.resolve(SECRET_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the admin endpoint files", e);
        }
    }
}
