package dev.opencic.server.dialog;

import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Event;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.ContextObserver;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.EventRouter;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each event to the handler of its namespace. Events the reference defines but no handler
 * takes yet are acknowledged with an empty reply (a device reporting state must not be punished for
 * it); anything else is a bad request.
 */
public final class DialogRouter implements EventRouter {

    private static final Logger log = LoggerFactory.getLogger(DialogRouter.class);

    private final Map<String, NamespaceHandler> handlers = new HashMap<>();
    /** Each handler's event names, read once: some handlers build the set on every call. */
    private final Map<String, Set<String>> handledEvents = new HashMap<>();
    private final Set<String> knownEvents;
    private final Map<String, List<ContextObserver>> observers;

    public DialogRouter(List<NamespaceHandler> handlers) {
        this(handlers, Map.of());
    }

    /**
     * @param observers context observers by the context object's qualified name; they see the
     *                  object before the event's handler runs
     */
    public DialogRouter(List<NamespaceHandler> handlers, Map<String, List<ContextObserver>> observers) {
        this.observers = Map.copyOf(observers);
        for (NamespaceHandler h : handlers) {
            NamespaceHandler previous = this.handlers.put(h.namespace(), h);
            if (previous != null) {
                throw new IllegalArgumentException("two handlers for namespace " + h.namespace());
            }
            handledEvents.put(h.namespace(), Set.copyOf(h.eventNames()));
        }
        this.knownEvents = loadKnownEvents();
    }

    @Override
    public Route route(Event event) {
        NamespaceHandler handler = handlers.get(event.namespace());
        if (handler != null && handledEvents.get(event.namespace()).contains(event.name())) {
            return new HandlerRoute(event, handler);
        }
        if (knownEvents.contains(event.header().qualifiedName())) {
            return new HandlerRoute(event, null);
        }
        if (handler == null && !isKnownNamespace(event.namespace())) {
            throw CicException.badRequest("unknown namespace: " + event.namespace());
        }
        throw CicException.badRequest("unknown event: " + event.header().qualifiedName());
    }

    private boolean isKnownNamespace(String namespace) {
        String prefix = namespace + '.';
        return knownEvents.stream().anyMatch(e -> e.startsWith(prefix));
    }

    private void observeContext(EventRequest request) {
        for (ContextObject context : request.event().context()) {
            List<ContextObserver> interested = observers.get(context.header().qualifiedName());
            if (interested == null) {
                continue;
            }
            for (ContextObserver o : interested) {
                try {
                    o.observe(request.device(), context);
                } catch (RuntimeException e) {
                    // A malformed context object must not cost the device its request.
                    log.warn("event=ContextIgnored name={} device={} cause=\"{}\"", context.header().qualifiedName(),
                            request.device().deviceId(), e.toString());
                }
            }
        }
    }

    private final class HandlerRoute implements Route {
        private final Event event;
        private final NamespaceHandler handler;

        private HandlerRoute(Event event, NamespaceHandler handler) {
            this.event = event;
            this.handler = handler;
        }

        @Override
        public boolean acceptsAudio() {
            return handler != null && handler.acceptsAudio(event.name());
        }

        @Override
        public CompletableFuture<Reply> dispatch(EventRequest request) {
            try {
                GuestScope.checkEvent(request.device(), event); // before any observer or handler sees it
            } catch (CicException e) {
                return CompletableFuture.failedFuture(e);
            }
            if (!observers.isEmpty()) {
                observeContext(request);
            }
            if (handler == null) {
                log.debug("event=EventAcknowledged name={} device={} reason=\"no handler yet\"",
                        event.header().qualifiedName(), request.device().deviceId());
                return CompletableFuture.completedFuture(Reply.empty());
            }
            try {
                return handler.handle(request);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }

    private static Set<String> loadKnownEvents() {
        Set<String> events = new HashSet<>();
        try (InputStream in = DialogRouter.class.getResourceAsStream("/cic/known-events.txt")) {
            if (in == null) {
                throw new IllegalStateException("missing resource /cic/known-events.txt");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    events.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(events);
    }
}
