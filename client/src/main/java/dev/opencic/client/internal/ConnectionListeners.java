package dev.opencic.client.internal;

import dev.opencic.client.CicException;
import dev.opencic.client.ConnectionListener;
import dev.opencic.client.ConnectionState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's connection listener and the ones agents add ({@link dev.opencic.client.AgentHost}),
 * called in the order they were added; one that throws does not keep the others from hearing.
 */
public final class ConnectionListeners extends ConnectionListener {

    private static final Logger log = LoggerFactory.getLogger(ConnectionListeners.class);

    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();

    /** Starts with {@code first} (the app's). */
    public ConnectionListeners(ConnectionListener first) {
        listeners.add(first);
    }

    /** Adds one for the rest of the client's life. */
    public void add(ConnectionListener listener) {
        listeners.add(listener);
    }

    private interface Call {
        void on(ConnectionListener l);
    }

    private void each(Call call) {
        for (ConnectionListener l : listeners) {
            try {
                call.on(l);
            } catch (RuntimeException e) {
                log.warn("event=ConnectionListenerFailed listener={}", l, e);
            }
        }
    }

    @Override
    public void onStateChanged(ConnectionState previous, ConnectionState current) {
        each(l -> l.onStateChanged(previous, current));
    }

    @Override
    public void onFailure(Throwable cause, Duration retryIn) {
        each(l -> l.onFailure(cause, retryIn));
    }

    @Override
    public void onDownchannelReplaced(Duration retryIn) {
        each(l -> l.onDownchannelReplaced(retryIn));
    }

    @Override
    public void onAuthenticationFailed(CicException cause) {
        each(l -> l.onAuthenticationFailed(cause));
    }
}
