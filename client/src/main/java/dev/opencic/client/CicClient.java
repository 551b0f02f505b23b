package dev.opencic.client;

import static dev.opencic.client.Settings.atLeastOne;
import static dev.opencic.client.Settings.nonBlank;
import static dev.opencic.client.Settings.nonNegative;
import static dev.opencic.client.Settings.positive;
import static dev.opencic.client.Settings.require;

import dev.opencic.client.internal.AuthManager;
import dev.opencic.client.internal.BusyRetry;
import dev.opencic.client.internal.ClientExecutors;
import dev.opencic.client.internal.ConnectionListeners;
import dev.opencic.client.internal.ContextJson;
import dev.opencic.client.internal.DirectiveSequencer;
import dev.opencic.client.internal.DirectiveStreamReader;
import dev.opencic.client.internal.EventCalls;
import dev.opencic.client.internal.ExpectedSpeech;
import dev.opencic.client.internal.PemTrust;
import dev.opencic.client.internal.RealTransport;
import dev.opencic.client.internal.Recognitions;
import dev.opencic.client.internal.TokenRefresher;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.Household;
import dev.opencic.protocol.payload.Payload;
import dev.opencic.protocol.payload.SpeechRecognizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's connection to a CIC server: auth, one HTTP/2 connection with exactly one
 * downchannel, events (text, and audio streamed while the user talks) and the directives that
 * come back, sequenced by dialogRequestId and handed to {@link CapabilityAgent}s.
 *
 * <p>Typical use: build it once with {@link #builder()}, {@link #login} once (the tokens persist
 * in the {@link TokenStore}), then {@link #start()} and send events. {@link #close()} when done.
 * All methods are thread-safe. Callbacks never run on network threads: listeners run on the
 * callback executor, agents on the directive channels. The client has no threads of its own: it
 * runs on a scheduler and a worker pool shared by every client of the process (see {@link
 * Builder#executors}) and on its OkHttpClient's.
 */
public final class CicClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CicClient.class);

    private final CicClientConfig config;
    private final OkHttpClient http;
    private final AuthManager auth;
    private final RealTransport transport;
    private final DirectiveSequencer sequencer;
    private final EventCalls events;
    private final ClientExecutors executors;
    private final ConnectionListeners connectionListeners;
    private final ClientHost host;
    private final TokenRefresher refresher;
    private final ExpectedSpeech expectedSpeech;
    private final Recognitions recognitions;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** How long {@link #close()} waits for events in flight. */
    static final java.time.Duration CLOSE_DRAIN = java.time.Duration.ofSeconds(2);

    CicClient(CicClientConfig config) {
        this.config = config;
        this.http = config.http();
        this.auth = new AuthManager(http, config.baseUrl(), config.tokenStore(), config.clientId(),
                config.clientSecret(), config.deviceId(), config.modelId(), config.clock());
        this.executors = config.executors();
        this.connectionListeners = new ConnectionListeners(config.connectionListener());
        DirectiveStreamReader.Sink sink = DirectiveStreamReader.sink(this::arrived,
                e -> config.callbackExecutor().execute(() -> config.directiveListener().onException(e)));
        this.transport = new RealTransport(http, config.baseUrl(), auth, connectionListeners,
                config.callbackExecutor(), sink, config.initialBackoff(), config.maxBackoff(),
                config.takeoverBackoff(), config.maxAttachmentBytes(), executors);
        this.refresher = new TokenRefresher(auth, config.clock(), executors);
        this.events = new EventCalls(http, config.baseUrl(), auth, transport, this::arrived, executors,
                new BusyRetry(config.busyMaxAttempts(), config.busyDeadline(), config.clock()),
                config.connectTimeout(), config.maxAttachmentBytes());
        this.host = new ClientHost(this::send, config, http, transport, connectionListeners, executors);
        this.sequencer = new DirectiveSequencer(config.agents(), config.directiveListener(), config.callbackExecutor(),
                host, config.attachmentTimeout(), executors);
        this.expectedSpeech = new ExpectedSpeech(executors, config.maxExpectSpeechWait(), this::expectSpeechTimedOut);
        this.recognitions = new Recognitions(expectedSpeech, config.language());
        sequencer.beforeDispatch(d -> {
            if ("SpeechRecognizer".equals(d.namespace()) && "ExpectSpeech".equals(d.name())) {
                // The device listens from the moment the question's turn comes (after the Speak before it).
                expectedSpeech.expect(d.dialogRequestId(), d.payload(SpeechRecognizer.ExpectSpeech.class));
            }
        });
        config.agents().values().forEach(agent -> agent.attach(host));
    }

    /** Nobody answered the question in time: the dialog it belongs to is told, unless a newer one began. */
    private void expectSpeechTimedOut(ExpectedSpeech.Question question) {
        if (closing.get() || !question.dialogRequestId().equals(sequencer.currentDialog())) {
            return;
        }
        CompletableFuture<EventResponse> sent;
        try {
            sent = send(Recognitions.timedOut(question));
        } catch (IllegalStateException e) {
            return; // closed meanwhile
        }
        sent.whenComplete((r, e) -> {
            if (e != null) {
                log.warn("event=ExpectSpeechTimedOutFailed dialogRequestId={} reason={}",
                        question.dialogRequestId(), e.toString());
            }
        });
    }

    /** Every directive, from a response or the downchannel, as it arrives. */
    private void arrived(dev.opencic.client.internal.RealReceivedDirective directive) {
        events.onArrival(directive);
        sequencer.submit(directive);
    }

    /** A builder; {@code serverUrl}, {@code clientCredentials}, {@code deviceId} and a token store are required. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- auth ----

    /**
     * Logs this device in: account login with {@code username}/{@code password}, {@code
     * /authorize} for this client and device, {@code /token}; the tokens go to the {@link
     * TokenStore}. Blocking; call it off the UI thread.
     *
     * @throws CicException with status 401 for a wrong password or unknown client
     */
    public void login(String username, String password) throws IOException {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        auth.login(username, password);
    }

    /**
     * Logs this device in guest mode (the Auth API's {@code request_vu=Y}): no account, so the server
     * answers only what needs none and sends {@code Clova.ExpectLogin} for the rest (see {@link
     * dev.opencic.client.agent.ClovaAgent}). The tokens go to the {@link TokenStore}; a later {@link
     * #login} replaces them. Blocking.
     *
     * @throws CicException with status 400 for an unknown client
     */
    public void loginAsGuest() throws IOException {
        auth.loginAsGuest();
    }

    /**
     * Revokes the device's tokens on the server ({@code grant_type=delete}) and clears the store.
     * Blocking. The connection, if started, fails its next attempt with 401 until a new login.
     */
    public void logout() throws IOException {
        auth.logout();
    }

    /** Whether the token store holds tokens. */
    public boolean isLoggedIn() throws IOException {
        return auth.isLoggedIn();
    }

    /** The stored tokens, if any (to show expiry; never log them). */
    public java.util.Optional<Tokens> tokens() throws IOException {
        return auth.current();
    }

    /**
     * Refreshes the access token now ({@code grant_type=refresh_token}). The client does this by
     * itself ahead of expiry and after a 401; this is for apps that want to do it eagerly.
     */
    public Tokens refreshTokens() throws IOException {
        Tokens t = auth.current().orElseThrow(() -> new CicException(401, 401, "not logged in"));
        return auth.refresh(t.accessToken());
    }

    // ---- connection ----

    /**
     * Connects: opens the HTTP/2 connection and the downchannel, and keeps them open (reconnecting
     * with backoff) until {@link #close()}. Returns at once; watch {@link ConnectionListener} or
     * {@link #whenConnected()}.
     *
     * @throws IllegalStateException if already started or closed
     */
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("client is closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("client already started");
        }
        transport.start();
        refresher.start();
    }

    /** The current connection state. */
    public ConnectionState state() {
        return transport.state();
    }

    /** Completes when the downchannel is open (at once if it is); fails if the client closes first. */
    public CompletableFuture<Void> whenConnected() {
        return transport.whenConnected();
    }

    /**
     * Completes when the downchannel is open (at once if it is), or fails once {@code timeout} has
     * passed without a connection: with the last connection failure itself if that was a {@link
     * CicException} (an error status such as {@code 429} or {@code 503}), else with an {@link
     * IOException} naming the server and the timeout whose cause is the last failure (for example a
     * {@link java.net.ConnectException}), or none if no attempt has failed yet. Also fails at once
     * when the client stops first ({@link #close()}, or a rejected refresh token). The client keeps
     * trying to connect either way; this only bounds the wait.
     */
    public CompletableFuture<Void> whenConnected(java.time.Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return transport.whenConnected(timeout);
    }

    /**
     * {@code GET /ping}: the fallback liveness check for networks where HTTP/2 PING frames cannot be
     * used (the client also sends PING frames every {@code pingInterval}). Completes when the server
     * answered 204.
     */
    public CompletableFuture<Void> ping() {
        return events.ping();
    }

    /** How many times the downchannel was requested since start (diagnostics). */
    public int downchannelOpens() {
        return transport.downchannelOpens();
    }

    // ---- events ----

    /**
     * Sends an event with the current context objects attached (those of the registered {@link
     * ContextProvider}s, unless the event already carries context). If it has a dialogRequestId,
     * that dialog becomes the current one first, so directives of older dialogs are dropped.
     * Waits for the downchannel (up to {@code connectTimeout}) before sending.
     */
    private CompletableFuture<EventResponse> send(Event event) {
        checkStarted();
        Event withContext = event.context().isEmpty()
                ? new Event(event.header(), event.payload(), ContextJson.toJson(context())) : event;
        if (event.dialogRequestId() != null) {
            if (expectedSpeech.waiting().filter(q -> !q.dialogRequestId().equals(event.dialogRequestId())).isPresent()) {
                expectedSpeech.clear(); // a new dialog: the question is left unanswered
            }
            sequencer.startDialog(event.dialogRequestId());
        }
        return events.send(withContext);
    }

    /**
     * Sends an event outside any dialog (a report such as {@code SpeechStarted}, or an app's own
     * event) with the current context objects attached. Waits for the downchannel (up to {@code
     * connectTimeout}) before sending.
     *
     * @param payload the event's record from {@link dev.opencic.protocol.payload.Payloads} (for
     *                example {@link dev.opencic.protocol.payload.SpeechSynthesizer.SpeechStarted}),
     *                or a {@link dev.opencic.protocol.payload.RawPayload} for an event it does not know
     * @return the response, completing when it has been read; fails with {@link CicException} for an
     *     error status
     */
    public CompletableFuture<EventResponse> send(String namespace, String name, Payload payload) {
        return host.send(namespace, name, payload);
    }

    /**
     * {@code Household.SetDeviceName} (this project's namespace: the reference has no message for it):
     * names this device as the user calls it ("kitchen speaker") and puts it in {@code room}
     * ({@code null}: keeps its room), for "announce in the kitchen" and "play jazz on the kitchen
     * speaker". Answered {@code 204}; a blank name or one over 128 characters fails with {@link CicException}.
     */
    public CompletableFuture<EventResponse> nameDevice(String name, String room) {
        Objects.requireNonNull(name, "name");
        return send(Namespaces.HOUSEHOLD, "SetDeviceName", new Household.SetDeviceName(name, room));
    }

    /**
     * {@code TextRecognizer.Recognize}: what the user typed. While the client listens for the answer
     * to a question ({@link #isExpectingSpeech()}), this is that answer: it goes under the question's
     * dialogRequestId with {@code speechId} = the {@code ExpectSpeech}'s {@code expectSpeechId} (and
     * its {@code explicit}). Otherwise it starts a new dialog, and directives of older dialogs still
     * queued or in flight are dropped (speech being played stops, {@code SpeechStopped}).
     */
    public CompletableFuture<EventResponse> recognizeText(String text) {
        Objects.requireNonNull(text, "text");
        checkStarted();
        Event event = recognitions.text(text);
        sequencer.bargeIn();
        return send(event);
    }

    /**
     * Whether the server asked a question ({@code SpeechRecognizer.ExpectSpeech}, processed after the
     * speech before it) that the client is still listening for an answer to: the next {@link
     * #recognizeText} or {@link #startRecognize} answers it. It stops listening after the
     * directive's {@code timeoutInMilliseconds} (7 s if it names none; at most {@link
     * Builder#maxExpectSpeechWait}) and then sends {@code SpeechRecognizer.ExpectSpeechTimedOut}
     * under the question's dialogRequestId.
     */
    public boolean isExpectingSpeech() {
        return expectedSpeech.waiting().isPresent();
    }

    /** {@link #startRecognize(SpeechRecognizer.Recognize)} with only the default payload fields. */
    public AudioSink startRecognize() {
        return startRecognize(new SpeechRecognizer.Recognize(null, null, null, null, null));
    }

    /**
     * {@code SpeechRecognizer.Recognize}: starts a new dialog and its request at once, and returns
     * the sink to write the user's audio into while it is captured. Fields left null get their
     * defaults: {@code lang} the builder's language, {@code profileVersion} empty, {@code format}
     * {@code AUDIO_L16_RATE_16000_CHANNELS_1}; {@code explicit} and {@code speechId} are left out,
     * unless this answers a question ({@link #isExpectingSpeech()}): then the request goes under
     * the question's dialogRequestId with its {@code expectSpeechId} and {@code explicit}, as
     * {@link #recognizeText} does. Speech being played stops ({@code SpeechStopped}).
     */
    public AudioSink startRecognize(SpeechRecognizer.Recognize fields) {
        Objects.requireNonNull(fields, "fields");
        checkStarted();
        Event event = recognitions.speech(fields);
        sequencer.bargeIn();
        sequencer.startDialog(event.dialogRequestId());
        // The context after the barge-in: the speech it stopped is no longer playing.
        return events.sendWithAudio(new Event(event.header(), event.payload(), ContextJson.toJson(context())));
    }

    /**
     * Opens a music stream (the {@code url} of an {@code AudioPlayer.Play} item) with this client's
     * connection pool: a URL on the CIC server itself shares the device's HTTP/2 connection, any
     * other host gets HTTP/2 or HTTP/1.1 as it offers. No credentials are sent (stream URLs carry
     * their own signature). Blocking; the caller closes the stream.
     *
     * @throws CicException for an error status (such as {@code 403} for an expired signed URL)
     * @throws IOException if the host cannot be reached
     * @throws IllegalArgumentException if {@code url} is not an http(s) URL
     */
    public dev.opencic.client.audio.AudioStream openStream(String url) throws IOException {
        return host.openStream(url);
    }

    /** The context objects the registered providers report now. */
    public List<ContextState> context() {
        return host.context();
    }

    /** The dialog whose directives are processed now (the latest one started), or null. */
    public String currentDialogRequestId() {
        return sequencer.currentDialog();
    }

    /** The device id this client acts for. */
    public String deviceId() {
        return config.deviceId();
    }

    private void checkStarted() {
        if (closed.get()) {
            throw new IllegalStateException("client is closed");
        }
        if (!started.get()) {
            throw new IllegalStateException("call start() before sending events");
        }
    }

    /**
     * Closes the downchannel and the connection, drops queued directives and stops the SDK's
     * threads. First it waits up to 2 s for the events already sent with {@link #send} (and {@link
     * #recognizeText}) to be answered, including events those answers lead to meanwhile, such as
     * the {@code SpeechFinished} that {@link dev.opencic.client.agent.SpeechSynthesizerAgent} sends
     * after {@code SpeechStarted}: a program may close right after {@link EventResponse#processed()}
     * without losing its playback reports. Events still in flight after that fail; audio uploads
     * ({@link AudioSink}) are not waited for. Idempotent; later calls return at once.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (started.get()) {
            try {
                if (!events.awaitIdle(CLOSE_DRAIN)) {
                    log.info("event=CloseWithEventsInFlight waited={}", CLOSE_DRAIN);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closed.set(true);
        expectedSpeech.clear();
        events.close();
        transport.close();
        refresher.close();
        sequencer.close();
        executors.close();
        config.closeHttp(http);
    }

    /**
     * Configures a {@link CicClient}, validating each value as it is set (messages name the bad
     * value). Required: {@link #serverUrl}, {@link #clientCredentials}, {@link #deviceId}, {@link
     * #tokenStore}. Everything else has a default.
     */
    public static final class Builder {
        okhttp3.HttpUrl serverUrl;
        TokenStore tokenStore;
        String clientId;
        String clientSecret;
        String deviceId;
        String modelId;
        String language = "en";
        java.util.concurrent.Executor callbackExecutor;
        java.time.Duration pingInterval = java.time.Duration.ofSeconds(60);
        java.time.Duration connectTimeout = java.time.Duration.ofSeconds(10);
        java.time.Duration initialBackoff = java.time.Duration.ofMillis(250);
        java.time.Duration maxBackoff = java.time.Duration.ofSeconds(60);
        java.time.Duration takeoverBackoff = java.time.Duration.ofSeconds(3);
        java.time.Duration attachmentTimeout = java.time.Duration.ofSeconds(30);
        long maxAttachmentBytes = 16L * 1024 * 1024;
        int busyMaxAttempts = 3;
        java.time.Duration busyDeadline = java.time.Duration.ofSeconds(30);
        ConnectionListener connectionListener = new ConnectionListener() {};
        DirectiveListener directiveListener = new DirectiveListener() {};
        final java.util.Map<String, CapabilityAgent> agents = new java.util.LinkedHashMap<>();
        final List<ContextProvider> contextProviders = new ArrayList<>();
        javax.net.ssl.SSLSocketFactory sslSocketFactory;
        javax.net.ssl.X509TrustManager trustManager;
        javax.net.ssl.HostnameVerifier hostnameVerifier;
        java.time.Clock clock = java.time.Clock.systemUTC();
        java.time.Duration maxExpectSpeechWait;
        java.util.concurrent.ScheduledExecutorService scheduler;
        java.util.concurrent.Executor workers;
        OkHttpClient okHttp;

        private Builder() {}

        /** The server's base URL, {@code http://host:8080} (HTTP/2 cleartext) or {@code https://host:8443}. */
        public Builder serverUrl(String serverUrl) {
            Objects.requireNonNull(serverUrl, "serverUrl");
            okhttp3.HttpUrl url = okhttp3.HttpUrl.parse(serverUrl);
            if (url == null) {
                throw new IllegalArgumentException("serverUrl: " + serverUrl + " (expected: an http:// or https:// URL)");
            }
            this.serverUrl = url;
            return this;
        }

        /** Where the device's tokens are kept, e.g. {@code new FileTokenStore(dir.resolve("tokens.json"))}. */
        public Builder tokenStore(TokenStore tokenStore) {
            this.tokenStore = Objects.requireNonNull(tokenStore, "tokenStore");
            return this;
        }

        /** The client id and secret registered for this device model ({@code ./cic admin client add}). */
        public Builder clientCredentials(String clientId, String clientSecret) {
            this.clientId = nonBlank(clientId, "clientId");
            this.clientSecret = nonBlank(clientSecret, "clientSecret");
            return this;
        }

        /** This device's id, unique per account; tokens and the downchannel belong to it. */
        public Builder deviceId(String deviceId) {
            this.deviceId = nonBlank(deviceId, "deviceId");
            return this;
        }

        /** The device model id sent at authorization (optional). */
        public Builder modelId(String modelId) {
            this.modelId = nonBlank(modelId, "modelId");
            return this;
        }

        /** The {@code lang} of speech requests; default {@code en}. */
        public Builder language(String language) {
            this.language = nonBlank(language, "language");
            return this;
        }

        /**
         * Where listener callbacks run; default the shared workers, one callback at a time in order.
         * Use the UI thread's executor on Android. Must not be an OkHttp thread.
         */
        public Builder callbackExecutor(java.util.concurrent.Executor callbackExecutor) {
            this.callbackExecutor = Objects.requireNonNull(callbackExecutor, "callbackExecutor");
            return this;
        }

        /**
         * How often an HTTP/2 PING is sent; a connection whose PING is not acknowledged within this
         * interval is closed and a new one made. Default 60 s; {@link java.time.Duration#ZERO} disables.
         */
        public Builder pingInterval(java.time.Duration pingInterval) {
            this.pingInterval = nonNegative(pingInterval, "pingInterval");
            return this;
        }

        /** Connect timeout, and how long an event waits for the downchannel; default 10 s. */
        public Builder connectTimeout(java.time.Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * Reconnect backoff after errors: full jitter, {@code initial} doubling up to {@code max}.
         * Default 250 ms to 60 s.
         */
        public Builder backoff(java.time.Duration initial, java.time.Duration max) {
            positive(initial, "initial");
            positive(max, "max");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("max: " + max + " (expected: >= initial " + initial + ")");
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * The least wait after another client took over the downchannel, or after a {@code 429}:
         * the server's downchannel open window (default 3 s); it doubles while takeovers go on.
         */
        public Builder takeoverBackoff(java.time.Duration takeoverBackoff) {
            this.takeoverBackoff = positive(takeoverBackoff, "takeoverBackoff");
            return this;
        }

        /** How long a directive waits for a {@code cid:} attachment before it is dropped; default 30 s. */
        public Builder attachmentTimeout(java.time.Duration attachmentTimeout) {
            this.attachmentTimeout = positive(attachmentTimeout, "attachmentTimeout");
            return this;
        }

        /** The largest attachment kept in memory; larger ones are skipped. Default 16 MiB. */
        public Builder maxAttachmentBytes(long maxAttachmentBytes) {
            if (maxAttachmentBytes <= 0) {
                throw new IllegalArgumentException("maxAttachmentBytes: " + maxAttachmentBytes + " (expected: > 0)");
            }
            this.maxAttachmentBytes = maxAttachmentBytes;
            return this;
        }

        /**
         * How an event the server refuses as busy ({@code 503} or {@code 429} with a {@code
         * Retry-After}) is sent again: after the delay the server asked for plus a jitter of up to a
         * fifth of it (at least 100 ms), with the same messageId and dialogRequestId, at most {@code
         * maxAttempts} sends in all, none starting later than {@code deadline} after the first; the
         * last refusal fails the event's future with its {@link CicException} as before. Audio
         * uploads ({@link CicClient#startRecognize}) are never sent again (their audio is streamed,
         * not kept). Default 3 attempts within 30 s; {@code maxAttempts} 1 turns retrying off.
         */
        public Builder retryOnBusy(int maxAttempts, java.time.Duration deadline) {
            atLeastOne(maxAttempts, "maxAttempts");
            this.busyDeadline = positive(deadline, "deadline");
            this.busyMaxAttempts = maxAttempts;
            return this;
        }

        /** Receives connection state changes, failures and takeovers. */
        public Builder connectionListener(ConnectionListener connectionListener) {
            this.connectionListener = Objects.requireNonNull(connectionListener, "connectionListener");
            return this;
        }

        /** Sees every directive, the unhandled ones and dropped ones, and downchannel exceptions. */
        public Builder directiveListener(DirectiveListener directiveListener) {
            this.directiveListener = Objects.requireNonNull(directiveListener, "directiveListener");
            return this;
        }

        /** Registers the agent for its namespace, replacing an earlier one for the same namespace. */
        public Builder agent(CapabilityAgent agent) {
            Objects.requireNonNull(agent, "agent");
            agents.put(agent.namespace(), agent);
            return this;
        }

        /** Adds a context provider; its object is attached to every event. */
        public Builder contextProvider(ContextProvider provider) {
            contextProviders.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * TLS for an {@code https://} server with a certificate the platform does not trust (the
         * server's self-signed one): a socket factory and the trust manager it was made from.
         */
        public Builder tls(javax.net.ssl.SSLSocketFactory sslSocketFactory, javax.net.ssl.X509TrustManager trustManager) {
            this.sslSocketFactory = Objects.requireNonNull(sslSocketFactory, "sslSocketFactory");
            this.trustManager = Objects.requireNonNull(trustManager, "trustManager");
            return this;
        }

        /**
         * Trusts exactly the certificates in a PEM file (for example the server's self-signed {@code
         * <data-dir>/tls/self-signed-cert.pem}) for an {@code https://} server; a shortcut for {@link
         * #tls}.
         *
         * @throws IOException if the file cannot be read or holds no certificate
         */
        public Builder trustPemCertificates(java.nio.file.Path pemFile) throws IOException {
            Objects.requireNonNull(pemFile, "pemFile");
            okhttp3.tls.HandshakeCertificates certificates = PemTrust.load(pemFile);
            return tls(certificates.sslSocketFactory(), certificates.trustManager());
        }

        /** Host name verification for {@code https://} (for a self-signed certificate without the host name). */
        public Builder hostnameVerifier(javax.net.ssl.HostnameVerifier hostnameVerifier) {
            this.hostnameVerifier = Objects.requireNonNull(hostnameVerifier, "hostnameVerifier");
            return this;
        }

        /**
         * The threads the client runs on instead of the process-wide shared ones: {@code scheduler}
         * only times things (tasks it runs hand over to {@code workers} at once), {@code workers}
         * does the blocking work (downchannel reads, events, agents, playback) and must not queue
         * tasks behind a bound (a cached thread pool, or virtual threads). The client never shuts
         * them down.
         */
        public Builder executors(java.util.concurrent.ScheduledExecutorService scheduler,
                                 java.util.concurrent.Executor workers) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            this.workers = Objects.requireNonNull(workers, "workers");
            return this;
        }

        /**
         * An OkHttpClient to share its dispatcher, threads and settings (interceptors, proxy, DNS)
         * with; the client still makes its own connection pool so the device's calls share one
         * connection of its own, and sets its protocols, timeouts, PING interval and TLS on top.
         * The client does not shut it down.
         */
        public Builder okHttpClient(OkHttpClient okHttpClient) {
            this.okHttp = Objects.requireNonNull(okHttpClient, "okHttpClient");
            return this;
        }

        /**
         * The longest the client listens for the answer to a question after {@code
         * SpeechRecognizer.ExpectSpeech}, whatever its {@code timeoutInMilliseconds} says (a
         * device's own policy; tests). Default: as the directive says.
         */
        public Builder maxExpectSpeechWait(java.time.Duration maxExpectSpeechWait) {
            this.maxExpectSpeechWait = positive(maxExpectSpeechWait, "maxExpectSpeechWait");
            return this;
        }

        /** The clock used to decide when tokens are due for refresh (tests). */
        public Builder clock(java.time.Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The client. Does not connect: call {@link CicClient#start()}.
         *
         * @throws IllegalStateException naming the first missing required setting
         */
        public CicClient build() {
            require(serverUrl, "serverUrl");
            require(clientId, "clientCredentials");
            require(deviceId, "deviceId");
            require(tokenStore, "tokenStore");
            return new CicClient(new CicClientConfig(this));
        }

    }
}
