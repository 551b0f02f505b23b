package dev.opencic.server.skill.alerts;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.SystemSync;
import dev.opencic.server.api.EventPayloads;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code System.RequestSynchronizeState}, which a device sends after a reconnect or a reset: the
 * answer is {@code System.SynchronizeState} with every alarm and timer of the account, as
 * {@code Alerts.SetAlert} payloads (the reference's one field, {@code allAlerts}). It lives with
 * the alerts because they are all the reference puts in it; volume and player state come back
 * through their own namespaces ({@code DeviceControl.SynchronizeState},
 * {@code AudioPlayer}), not here.
 */
final class SystemHandler implements NamespaceHandler {

    private final AlertRepository alerts;
    private final Clock clock;

    SystemHandler(AlertRepository alerts, Clock clock) {
        this.alerts = alerts;
        this.clock = clock;
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
            return Reply.of(Directive.of(request.event().dialogRequestId(), new SystemSync.SynchronizeState(all)));
        }, request.blockingExecutor());
    }
}
