package dev.opencic.server.skill.alerts;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.SystemSync;
import dev.opencic.server.api.EventPayloads;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import dev.opencic.server.skill.StateResyncs;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code System.RequestSynchronizeState}, which a device sends after a reconnect or a reset: the
 * answer is {@code System.SynchronizeState} with every alarm and timer of the account, as
 * {@code Alerts.SetAlert} payloads (the reference's one field, {@code allAlerts}), followed by what
 * the other features register to bring the device back in step ({@link StateResyncs}: the volume it
 * last reported, the player the server holds for it), in their own namespaces' directives. It lives
 * with the alerts because they are all the reference puts in {@code SynchronizeState} itself.
 */
final class SystemHandler implements NamespaceHandler {

    private final AlertRepository alerts;
    private final Clock clock;
    private final StateResyncs resyncs;

    SystemHandler(AlertRepository alerts, Clock clock, StateResyncs resyncs) {
        this.alerts = alerts;
        this.clock = clock;
        this.resyncs = resyncs;
    }

    @Override
    public String namespace() {
        return Namespaces.SYSTEM;
    }

    @Override
    public Set<String> eventNames() {
        return Set.of("RequestSynchronizeState");
    }

    @Override
    public CompletableFuture<Reply> handle(EventRequest request) {
        // The payload has no fields, but one that is not an object is refused (400) like any other.
        EventPayloads.read(request.event(), SystemSync.RequestSynchronizeState.class);
        String account = request.device().accountId();
        return CompletableFuture.supplyAsync(() -> {
            ZonedDateTime now = ZonedDateTime.now(clock);
            var all = alerts.list(account, null).stream().filter(a -> a.status() != Alert.Status.FAILED)
                    .map(a -> AlertMessages.setAlertPayload(a, now)).toList();
            List<Directive> out = new ArrayList<>();
            out.add(Directive.of(request.event().dialogRequestId(), new SystemSync.SynchronizeState(all)));
            out.addAll(resyncs.resync(request));
            return Reply.of(out.toArray(Directive[]::new));
        }, request.blockingExecutor());
    }
}
