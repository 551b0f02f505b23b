package dev.opencic.client.context;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.client.ContextProvider;
import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Header;
import java.util.Optional;

/**
 * Base of the settable providers: a namespace and name, and a payload built from the current
 * values (or nothing while the state is unknown). Only this package's providers extend it; an app's
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
    public final Optional<ContextObject> context() {
        ObjectNode payload;
        synchronized (this) {
            payload = payload();
        }
        return payload == null ? Optional.empty()
                : Optional.of(new ContextObject(new Header(namespace, name, null, null), payload));
    }

    /** The payload for the current values, or null to leave this context out; called under the lock. */
    abstract ObjectNode payload();

    /** A fresh object node. */
    static ObjectNode object() {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }

    @Override
    public String toString() {
        return namespace + "." + name;
    }
}
