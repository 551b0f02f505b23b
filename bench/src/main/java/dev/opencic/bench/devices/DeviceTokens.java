package dev.opencic.bench.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import dev.opencic.bench.cli.AccountOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Device access tokens over the server's HTTP auth flow: one account login, then {@code /authorize}
 * + {@code /token} per device, at most {@code concurrency} in flight, over one shared h2c
 * connection, for device ids made of a prefix and a number.
 */
public final class DeviceTokens {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeviceTokens() {}

    /** Returns one access token per device, for device ids {@code prefix + i}, i in [0, n). */
    public static String[] issue(ClientFactory factory, String url, AccountOptions account, String prefix, int n,
                                 int concurrency) throws InterruptedException {
        JsonNode[] responses = issueResponses(factory, url, account, prefix, n, concurrency);
        String[] tokens = new String[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = responses[i].get("access_token").asText();
        }
        return tokens;
    }

    /**
     * Returns the {@code /token} answer per device ({@code access_token}, {@code refresh_token},
     * {@code token_type}, {@code expires_in}), for device ids {@code prefix + i}, i in [0, n).
     */
    public static JsonNode[] issueResponses(ClientFactory factory, String url, AccountOptions account, String prefix,
                                            int n, int concurrency) throws InterruptedException {
        String clientId = account.clientId;
        String clientSecret = account.clientSecret;
        JsonNode[] tokens = new JsonNode[n];
        WebClient auth = WebClient.builder(url.replace("http://", "h2c://")).factory(factory)
                .responseTimeoutMillis(60_000).build();
        AggregatedHttpResponse login = auth.execute(HttpRequest.of(HttpMethod.POST, "/accounts/login",
                MediaType.FORM_DATA, QueryParams.of("username", account.username, "password", account.password).toQueryString()))
                .aggregate().join();
        String accountToken = field(login, "access_token");
        Semaphore inFlight = new Semaphore(concurrency);
        List<CompletableFuture<Void>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            int device = i;
            String deviceId = prefix + i;
            RequestHeaders authorize = RequestHeaders.builder(HttpMethod.GET, "/authorize?" + QueryParams.of(
                            "client_id", clientId, "device_id", deviceId, "response_type", "code", "state", "s")
                            .toQueryString())
                    .add(HttpHeaderNames.AUTHORIZATION, "Bearer " + accountToken).build();
            CompletableFuture<Void> f = auth.execute(authorize).aggregate()
                    .thenCompose(r -> auth.execute(HttpRequest.of(HttpMethod.POST, "/token", MediaType.FORM_DATA,
                            QueryParams.builder().add("grant_type", "authorization_code")
                                    .add("client_id", clientId).add("client_secret", clientSecret)
                                    .add("code", field(r, "code")).add("device_id", deviceId).build()
                                    .toQueryString())).aggregate())
                    .thenAccept(r -> {
                        field(r, "access_token");
                        tokens[device] = json(r);
                    });
            f.whenComplete((v, e) -> inFlight.release());
            all.add(f);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return tokens;
    }

    private static JsonNode json(AggregatedHttpResponse r) {
        try {
            return JSON.readTree(r.contentUtf8());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String field(AggregatedHttpResponse r, String name) {
        try {
            JsonNode node = JSON.readTree(r.contentUtf8()).get(name);
            if (r.status().code() != 200 || node == null) {
                throw new IllegalStateException("unexpected " + r.status() + ": " + r.contentUtf8());
            }
            return node.asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
