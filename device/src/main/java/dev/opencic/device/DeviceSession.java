package dev.opencic.device;

import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.CicClient;
import dev.opencic.client.CicException;
import dev.opencic.client.ConnectionListener;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A logged-in, connected {@link CicClient} for one command, made from the config directory. {@link
 * #connect} fails fast with a one-line {@link DeviceException} when the device is not logged in, the
 * server cannot be reached, or it refuses the tokens; once connected, later connection trouble is
 * printed as warnings while the SDK reconnects.
 */
final class DeviceSession implements AutoCloseable {

    private final CicClient client;
    private final DeviceConfig.Settings settings;
    private final Watcher watcher;

    private DeviceSession(CicClient client, DeviceConfig.Settings settings, Watcher watcher) {
        this.client = client;
        this.settings = settings;
        this.watcher = watcher;
    }

    CicClient client() {
        return client;
    }

    String server() {
        return settings.serverUrl();
    }

    /** Fails when the server refuses the device's tokens for good (the user must log in again). */
    CompletableFuture<Void> fatal() {
        return watcher.fatal;
    }

    /** A client for {@code settings} without connecting (login, logout). */
    static CicClient.Builder builder(DeviceConfig config, DeviceConfig.Settings settings, Duration connectTimeout)
            throws DeviceException {
        CicClient.Builder b;
        try {
            b = CicClient.builder().serverUrl(settings.serverUrl());
        } catch (IllegalArgumentException e) {
            throw new DeviceException(DeviceException.USAGE, DeviceException.oneLine(e.getMessage()));
        }
        if (settings.caCert() != null) {
            try {
                b.trustPemCertificates(java.nio.file.Path.of(settings.caCert()));
            } catch (IOException e) {
                throw new DeviceException(DeviceException.FAILED, "--ca-cert: " + DeviceException.oneLine(e.getMessage()));
            }
        }
        return b
                .clientCredentials(settings.clientId(), settings.clientSecret())
                .deviceId(settings.deviceId())
                .modelId(settings.modelId())
                .tokenStore(config.tokenStore())
                .connectTimeout(connectTimeout)
                .backoff(Duration.ofMillis(250), Duration.ofSeconds(10));
    }

    /** The saved settings, after checking that the device is logged in (before any work is done). */
    static DeviceConfig.Settings requireLogin(DeviceMain main) throws DeviceException {
        DeviceConfig config = main.config();
        try {
            DeviceConfig.Settings settings = config.load();
            if (settings == null || config.tokenStore().load().isEmpty()) {
                throw DeviceException.notLoggedIn(config);
            }
            return settings;
        } catch (IOException e) {
            throw new DeviceException(DeviceException.FAILED, DeviceException.oneLine(e.getMessage()));
        }
    }

    static DeviceSession connect(DeviceMain main, DirectivePrinter printer, CapabilityAgent... agents)
            throws DeviceException {
        return connect(main, printer, b -> b, agents);
    }

    /** {@link #connect} with more settings on the builder (the music player's agents and contexts). */
    static DeviceSession connect(DeviceMain main, DirectivePrinter printer,
                                 java.util.function.UnaryOperator<CicClient.Builder> extra, CapabilityAgent... agents)
            throws DeviceException {
        DeviceConfig config = main.config();
        DeviceConfig.Settings settings = requireLogin(main);
        Watcher watcher = new Watcher(printer);
        CicClient.Builder b = builder(config, settings, main.connectTimeout())
                .directiveListener(printer)
                .connectionListener(watcher);
        for (CapabilityAgent a : agents) {
            b.agent(a);
        }
        extra.apply(b);
        CicClient client = b.build();
        try {
            if (!client.isLoggedIn()) {
                throw DeviceException.notLoggedIn(config);
            }
            client.start();
            client.whenConnected().whenComplete((r, e) -> {
                if (e == null) {
                    watcher.ready.complete(null);
                }
            });
            long waitMillis = main.connectTimeout().toMillis() + 5000;
            watcher.ready.get(waitMillis, TimeUnit.MILLISECONDS);
            return new DeviceSession(client, settings, watcher);
        } catch (TimeoutException e) {
            client.close();
            throw new DeviceException(DeviceException.UNREACHABLE, "server unreachable at " + settings.serverUrl()
                    + ": no downchannel after " + main.connectTimeout().plusSeconds(5).toSeconds() + " s");
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw new DeviceException(DeviceException.FAILED, "interrupted while connecting");
        } catch (Exception e) {
            client.close();
            throw DeviceException.from(e, settings.serverUrl());
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** Turns the SDK's connection callbacks into a first outcome, then into warnings. */
    private static final class Watcher extends ConnectionListener {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<Void> fatal = new CompletableFuture<>();
        private final DirectivePrinter printer;

        Watcher(DirectivePrinter printer) {
            this.printer = printer;
        }

        @Override
        public void onFailure(Throwable cause, Duration retryIn) {
            if (ready.completeExceptionally(cause)) {
                return;
            }
            if (DeviceException.isRefused(cause)) {
                fatal.completeExceptionally(cause);
                return;
            }
            printer.warn("connection failed (" + DeviceException.describe(DeviceException.unwrap(cause))
                    + "); reconnecting in " + retryIn.toMillis() + " ms");
        }

        @Override
        public void onDownchannelReplaced(Duration retryIn) {
            printer.warn("another client with this device id took over the downchannel; retrying in "
                    + retryIn.toMillis() + " ms");
        }

        @Override
        public void onAuthenticationFailed(CicException cause) {
            ready.completeExceptionally(cause);
            fatal.completeExceptionally(cause);
        }
    }
}
