package dev.opencic.client;

import dev.opencic.client.internal.ClientExecutors;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/** The validated settings of a {@link CicClient.Builder}, and the objects made from them. */
final class CicClientConfig {

    private final CicClient.Builder b;
    private final Map<String, CapabilityAgent> agents;
    private final List<ContextProvider> contextProviders;
    private final ClientExecutors executors;
    private final Executor safeCallbackExecutor;

    CicClientConfig(CicClient.Builder b) {
        this.b = b;
        this.agents = Map.copyOf(new LinkedHashMap<>(b.agents));
        this.contextProviders = List.copyOf(b.contextProviders);
        this.executors = new ClientExecutors(b.scheduler, b.workers);
        // by default callbacks run in order on the shared workers, as a channel of their own
        Executor target = b.callbackExecutor != null ? b.callbackExecutor : executors.serial("cic-callbacks");
        // after close() the channel refuses work: late callbacks are dropped, not thrown at SDK threads
        this.safeCallbackExecutor = task -> {
            try {
                target.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                org.slf4j.LoggerFactory.getLogger(CicClient.class).debug("event=CallbackDropped reason=executor closed");
            }
        };
    }

    /**
     * The one OkHttpClient of this device: HTTP/2 only (prior knowledge for {@code http://}, ALPN
     * for {@code https://}) so every call shares one connection; PING frames at the configured
     * interval. Made from the app's OkHttpClient when it gave one (sharing its dispatcher and
     * threads) but always with a connection pool of its own, so that this device's calls share
     * exactly one connection and never another device's.
     */
    OkHttpClient http() {
        OkHttpClient.Builder ok = (b.okHttp != null ? b.okHttp.newBuilder().connectionPool(new ConnectionPool())
                : new OkHttpClient.Builder())
                .protocols(b.serverUrl.isHttps() ? List.of(Protocol.HTTP_2, Protocol.HTTP_1_1)
                        : List.of(Protocol.H2_PRIOR_KNOWLEDGE))
                .pingInterval(b.pingInterval)
                .connectTimeout(b.connectTimeout)
                .readTimeout(Duration.ofSeconds(60))
                .writeTimeout(Duration.ofSeconds(30))
                .retryOnConnectionFailure(true);
        if (b.sslSocketFactory != null) {
            ok.sslSocketFactory(b.sslSocketFactory, b.trustManager);
        }
        if (b.hostnameVerifier != null) {
            ok.hostnameVerifier(b.hostnameVerifier);
        }
        OkHttpClient client = ok.build();
        if (b.okHttp == null) {
            client.dispatcher().setMaxRequestsPerHost(64);
        }
        return client;
    }

    /** Releases what {@link #http()} made: the connection, and the dispatcher's threads unless the app's. */
    void closeHttp(OkHttpClient client) {
        if (b.okHttp == null) {
            client.dispatcher().executorService().shutdown();
        }
        client.connectionPool().evictAll();
    }

    ClientExecutors executors() { return executors; }

    HttpUrl baseUrl() { return b.serverUrl; }
    TokenStore tokenStore() { return b.tokenStore; }
    String clientId() { return b.clientId; }
    String clientSecret() { return b.clientSecret; }
    String deviceId() { return b.deviceId; }
    String modelId() { return b.modelId; }
    String language() { return b.language; }
    Clock clock() { return b.clock; }
    /** The longest the client listens for a follow-up after ExpectSpeech, or null: as the directive says. */
    Duration maxExpectSpeechWait() { return b.maxExpectSpeechWait; }
    Executor callbackExecutor() { return safeCallbackExecutor; }
    Duration initialBackoff() { return b.initialBackoff; }
    Duration maxBackoff() { return b.maxBackoff; }
    Duration takeoverBackoff() { return b.takeoverBackoff; }
    Duration attachmentTimeout() { return b.attachmentTimeout; }
    Duration connectTimeout() { return b.connectTimeout; }
    long maxAttachmentBytes() { return b.maxAttachmentBytes; }
    int busyMaxAttempts() { return b.busyMaxAttempts; }
    Duration busyDeadline() { return b.busyDeadline; }
    ConnectionListener connectionListener() { return b.connectionListener; }
    DirectiveListener directiveListener() { return b.directiveListener; }
    Map<String, CapabilityAgent> agents() { return agents; }
    List<ContextProvider> contextProviders() { return contextProviders; }
}
