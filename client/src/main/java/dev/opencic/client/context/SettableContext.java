package dev.opencic.client.context;

import dev.opencic.client.ContextProvider;
import dev.opencic.client.ContextState;
import dev.opencic.protocol.payload.Payload;
import java.util.Optional;

/**
 * Base of the settable providers: a namespace and name, and a payload record made from the
 * current values (or nothing while the state is unknown). Only this package's providers extend it; an app's
 * own context implements {@link ContextProvider}.
 */
public abstract class SettableContext implements ContextProvider {

    private final String namespace;
    private final String name;

    /** A provider of {@code namespace.name}. */
    SettableContext(String namespace, String name) {
        this.namespace = namespace;
        this.name = name;
    }

    @Override
    public final Optional<ContextState> context() {
        Payload payload;
        synchronized (this) {
            payload = payload();
        }
        return payload == null ? Optional.empty() : Optional.of(new ContextState(namespace, name, payload));
    }

    /** The payload for the current values, or null to leave this context out; called under the lock. */
    abstract Payload payload();

    @Override
    public String toString() {
        return namespace + "." + name;
    }
}
