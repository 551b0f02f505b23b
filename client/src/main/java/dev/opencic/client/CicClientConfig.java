package dev.opencic.client;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/** The validated settings of a {@link CicClient.Builder}, and the objects made from them. */
final class CicClientConfig {

    private final CicClient.Builder b;
    private final Map<String, CapabilityAgent> agents;
    private final List<ContextProvider> contextProviders;
    private final Executor callbackExecutor;
    private final ExecutorService ownedCallbackExecutor;
    private final Executor safeCallbackExecutor;

    CicClientConfig(CicClient.Builder b) {
        this.b = b;
        this.agents = Map.copyOf(new LinkedHashMap<>(b.agents));
        this.contextProviders = List.copyOf(b.contextProviders);
        if (b.callbackExecutor != null) {
            this.callbackExecutor = b.callbackExecutor;
            this.ownedCallbackExecutor = null;
        } else {
            this.ownedCallbackExecutor = Executors.newSingleThreadExecutor(daemon("cic-callbacks"));
            this.callbackExecutor = ownedCallbackExecutor;
        }
        Executor target = this.callbackExecutor;
        // after close() the owned executor refuses work: late callbacks are dropped, not thrown at SDK threads
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
     * interval.
     */
    OkHttpClient http() {
        OkHttpClient.Builder ok = new OkHttpClient.Builder()
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
        client.dispatcher().setMaxRequestsPerHost(64);
        return client;
    }

    /** Threads for blocking HTTP exchanges (events, ping); grows on demand, idles out. */
    ExecutorService newEventExecutor() {
        return new ThreadPoolExecutor(0, 64, 30, TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(),
                daemon("cic-events"));
    }

    void shutdownOwned() {
        if (ownedCallbackExecutor != null) {
            ownedCallbackExecutor.shutdown();
        }
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    HttpUrl baseUrl() { return b.serverUrl; }
    TokenStore tokenStore() { return b.tokenStore; }
    String clientId() { return b.clientId; }
    String clientSecret() { return b.clientSecret; }
    String deviceId() { return b.deviceId; }
    String modelId() { return b.modelId; }
    String language() { return b.language; }
    Clock clock() { return b.clock; }
    Executor callbackExecutor() { return safeCallbackExecutor; }
    Duration initialBackoff() { return b.initialBackoff; }
    Duration maxBackoff() { return b.maxBackoff; }
    Duration takeoverBackoff() { return b.takeoverBackoff; }
    Duration attachmentTimeout() { return b.attachmentTimeout; }
    Duration connectTimeout() { return b.connectTimeout; }
    long maxAttachmentBytes() { return b.maxAttachmentBytes; }
    ConnectionListener connectionListener() { return b.connectionListener; }
    DirectiveListener directiveListener() { return b.directiveListener; }
    Map<String, CapabilityAgent> agents() { return agents; }
    List<ContextProvider> contextProviders() { return contextProviders; }
}
