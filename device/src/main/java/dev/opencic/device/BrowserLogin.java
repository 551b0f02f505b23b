package dev.opencic.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opencic.client.Tokens;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code login --browser}: the device authorisation grant. Asks the server for a code
 * ({@code POST /device_authorization}), prints one line {@code Open URL and enter CODE}, then polls
 * {@code /token} at the interval the server gave until a person approves the code in the console
 * (tokens returned), denies it or it expires ({@link DeviceException#NOT_AUTHORIZED}, exit 3).
 * Plain JDK HTTP: the SDK's login asks for a password, which is exactly what this avoids.
 */
final class BrowserLogin {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";

    private final HttpClient http;
    private final DeviceConfig.Settings settings;

    BrowserLogin(DeviceConfig.Settings settings, Duration connectTimeout) throws IOException {
        this.settings = settings;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout);
        if (settings.caCert() != null) {
            b.sslContext(trusting(java.nio.file.Path.of(settings.caCert())));
        }
        this.http = b.build();
    }

    /** TLS that trusts exactly the certificates in this PEM file (e.g. the server's self-signed one). */
    private static javax.net.ssl.SSLContext trusting(java.nio.file.Path pem) throws IOException {
        try (var in = java.nio.file.Files.newInputStream(pem)) {
            java.security.KeyStore store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (var cert : java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            var trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(pem + ": not a PEM certificate file (" + e.getMessage() + ")", e);
        }
    }

    /** Runs the flow; blocks until approved, denied or expired. */
    Tokens run(PrintWriter out) throws IOException, InterruptedException, DeviceException {
        Map<String, String> start = new LinkedHashMap<>();
        start.put("client_id", settings.clientId());
        start.put("client_secret", settings.clientSecret());
        start.put("device_id", settings.deviceId());
        start.put("model_id", settings.modelId());
        HttpResponse<String> started = post("/device_authorization", start);
        if (started.statusCode() != 200) {
            throw refusal(started);
        }
        JsonNode code = JSON.readTree(started.body());
        out.println("Open " + code.path("verification_uri").asText() + " and enter " + code.path("user_code").asText());
        out.flush();
        Instant deadline = Instant.now().plusSeconds(code.path("expires_in").asLong(600));
        long intervalMillis = Math.max(1, code.path("interval").asLong(5)) * 1000L;
        Map<String, String> poll = new LinkedHashMap<>();
        poll.put("grant_type", GRANT_TYPE);
        poll.put("client_id", settings.clientId());
        poll.put("client_secret", settings.clientSecret());
        poll.put("device_id", settings.deviceId());
        poll.put("device_code", code.path("device_code").asText());
        while (true) {
            Thread.sleep(intervalMillis); // the server's interval: polling faster earns slow_down
            HttpResponse<String> answer = post("/token", poll);
            if (answer.statusCode() == 200) {
                JsonNode t = JSON.readTree(answer.body());
                return new Tokens(t.path("access_token").asText(), t.path("refresh_token").asText(),
                        t.path("token_type").asText("Bearer"), Duration.ofSeconds(t.path("expires_in").asLong()),
                        Instant.now());
            }
            String error = error(answer);
            switch (error) {
                case "authorization_pending" -> { }
                case "slow_down" -> intervalMillis += 5000;
                case "access_denied" -> throw new DeviceException(DeviceException.NOT_AUTHORIZED,
                        "the request was denied in the console");
                case "expired_token" -> throw new DeviceException(DeviceException.NOT_AUTHORIZED,
                        "the code expired before it was approved; run login --browser again");
                default -> throw refusal(answer);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new DeviceException(DeviceException.NOT_AUTHORIZED,
                        "the code expired before it was approved; run login --browser again");
            }
        }
    }

    private HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        URI uri = URI.create(settings.serverUrl().replaceAll("/+$", "") + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> answer) {
        try {
            return JSON.readTree(answer.body()).path("error").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private static DeviceException refusal(HttpResponse<String> answer) {
        String description;
        try {
            JsonNode n = JSON.readTree(answer.body());
            description = n.path("error_description").asText(n.path("error").asText("HTTP " + answer.statusCode()));
        } catch (IOException e) {
            description = "HTTP " + answer.statusCode();
        }
        int status = answer.statusCode();
        return new DeviceException(status == 401 || status == 403 ? DeviceException.NOT_AUTHORIZED : DeviceException.FAILED,
                status, "the server refused: " + description, null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
