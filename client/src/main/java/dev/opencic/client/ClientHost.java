package dev.opencic.client;

import dev.opencic.client.audio.AudioStream;
import dev.opencic.client.internal.ClientExecutors;
import dev.opencic.client.internal.ConnectionListeners;
import dev.opencic.client.internal.HttpAudioStream;
import dev.opencic.client.internal.RealTransport;
import dev.opencic.client.internal.ContextJson;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.payload.Payload;
import dev.opencic.protocol.payload.Payloads;
import dev.opencic.protocol.payload.RawPayload;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link AgentHost} side of one {@link CicClient}: what its agents are given instead of the client. */
final class ClientHost implements AgentHost {

    private static final Logger log = LoggerFactory.getLogger(ClientHost.class);

    private final Function<Event, CompletableFuture<EventResponse>> sender;
    private final CicClientConfig config;
    private final OkHttpClient http;
    private final RealTransport transport;
    private final ConnectionListeners connectionListeners;
    private final ClientExecutors executors;
    private OkHttpClient streamHttp;

    ClientHost(Function<Event, CompletableFuture<EventResponse>> sender, CicClientConfig config, OkHttpClient http,
               RealTransport transport, ConnectionListeners connectionListeners, ClientExecutors executors) {
        this.sender = sender;
        this.config = config;
        this.http = http;
        this.transport = transport;
        this.connectionListeners = connectionListeners;
        this.executors = executors;
    }

    @Override
    public CompletableFuture<EventResponse> send(String namespace, String name, Payload payload) {
        return send(namespace, name, payload, List.of());
    }

    @Override
    public CompletableFuture<EventResponse> send(String namespace, String name, Payload payload,
                                                 List<ContextState> context) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payload, "payload");
        Payloads.type(Payloads.Kind.EVENT, namespace, name).ifPresent(type -> {
            if (!type.isInstance(payload) && !(payload instanceof RawPayload)) {
                throw new IllegalArgumentException(namespace + "." + name + ": payload " + payload.getClass().getSimpleName()
                        + " (expected: " + type.getSimpleName() + ")");
            }
        });
        // an event without context objects gets the providers' ones when it is sent
        return sender.apply(new Event(Header.of(namespace, name, null), Payloads.toJson(payload),
                ContextJson.toJson(Objects.requireNonNull(context, "context"))));
    }

    @Override
    public List<ContextState> context() {
        List<ContextState> out = new ArrayList<>();
        for (ContextProvider p : config.contextProviders()) {
            try {
                p.context().ifPresent(out::add);
            } catch (RuntimeException e) {
                log.warn("event=ContextProviderFailed provider={}", p, e);
            }
        }
        return out;
    }

    @Override
    public AudioStream openStream(String url) throws IOException {
        Objects.requireNonNull(url, "url");
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw new IllegalArgumentException("url: " + url + " (expected: an http:// or https:// URL)");
        }
        HttpUrl base = config.baseUrl();
        boolean sameOrigin = parsed.scheme().equals(base.scheme()) && parsed.host().equals(base.host())
                && parsed.port() == base.port();
        return HttpAudioStream.open(sameOrigin ? http : streamHttp(), url);
    }

    /** Same pool and dispatcher as {@link #http}, without prior-knowledge HTTP/2 (other hosts). */
    private synchronized OkHttpClient streamHttp() {
        if (streamHttp == null) {
            streamHttp = http.newBuilder().protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1)).build();
        }
        return streamHttp;
    }

    @Override
    public ConnectionState state() {
        return transport.state();
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        connectionListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public Executor newSerialExecutor() {
        return executors.serial("cic-agent");
    }

    @Override
    public Future<?> schedule(Runnable task, Duration delay, Executor executor) {
        return executors.schedule(Objects.requireNonNull(task, "task"), Objects.requireNonNull(delay, "delay"),
                Objects.requireNonNull(executor, "executor"));
    }
}
