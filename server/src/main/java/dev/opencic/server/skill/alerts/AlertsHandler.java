package dev.opencic.server.skill.alerts;

import dev.opencic.protocol.Event;
import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.Alerts;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.EventPayloads;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's side of the Alerts conversation. Reports about an alert the account does not have get
 * {@code 400}, except a confirmed delete of one that is already gone (which is what was asked).
 * Reminders and action timers ({@code REMINDER}, {@code ACTIONTIMER}) are not kept here; their
 * reports are accepted and ignored.
 */
final class AlertsHandler implements NamespaceHandler {

    private static final Logger log = LoggerFactory.getLogger(AlertsHandler.class);
    private static final Set<String> OTHER_TYPES = Set.of("REMINDER", "ACTIONTIMER");

    private final AlertRepository alerts;
    private final OtherDevices others;
    private final Clock clock;

    AlertsHandler(AlertRepository alerts, OtherDevices others, Clock clock) {
        this.alerts = alerts;
        this.others = others;
        this.clock = clock;
    }

    @Override
    public String namespace() {
        return Namespaces.ALERTS;
    }

    @Override
    public Set<String> eventNames() {
        return Set.of("SetAlertSucceeded", "SetAlertFailed", "DeleteAlertSucceeded", "DeleteAlertFailed",
                      "AlertStarted", "AlertStopped", "RequestAlertStop", "RequestSynchronizeAlert");
    }

    @Override
    public CompletableFuture<Reply> handle(EventRequest request) {
        Event e = request.event();
        String account = request.device().accountId();
        if (e.name().equals("RequestSynchronizeAlert")) {
            return CompletableFuture.supplyAsync(() -> Reply.of(AlertMessages.synchronize(
                    alerts.list(account, null), ZonedDateTime.now(clock), e.dialogRequestId())),
                    request.blockingExecutor());
        }
        // Validate on the event loop: a malformed report is a 400 before any database work.
        Alerts.AlertToken report = EventPayloads.read(e, Alerts.AlertToken.class);
        String token = text(report.token(), "token");
        String type = text(report.type(), "type");
        if (OTHER_TYPES.contains(type)) {
            return CompletableFuture.completedFuture(Reply.empty());
        }
        Alert.Type kind;
        try {
            kind = Alert.Type.valueOf(type);
        } catch (IllegalArgumentException ex) {
            throw CicException.badRequest(e.header().qualifiedName() + ": unknown type \"" + type
                                          + "\" (expected ALARM, TIMER, REMINDER or ACTIONTIMER)");
        }
        return CompletableFuture.supplyAsync(() -> onReport(request, account, token, kind), request.blockingExecutor());
    }

    private Reply onReport(EventRequest request, String account, String token, Alert.Type type) {
        Event e = request.event();
        Optional<Alert> found = alerts.find(account, token).filter(a -> a.type() == type);
        if (found.isEmpty()) {
            if (e.name().equals("DeleteAlertSucceeded")) {
                return Reply.empty(); // deleted on both sides
            }
            throw CicException.badRequest(e.header().qualifiedName() + ": no " + type + " with token " + token);
        }
        Alert a = found.get();
        ZonedDateTime now = ZonedDateTime.now(clock);
        log.info("event=AlertReport name={} account={} device={} token={}", e.name(), account,
                 request.device().deviceId(), token);
        return switch (e.name()) {
            case "SetAlertSucceeded" -> status(a, Alert.Status.SET);
            case "SetAlertFailed" -> status(a, Alert.Status.FAILED);
            case "AlertStarted" -> status(a, Alert.Status.RINGING);
            case "RequestAlertStop" -> Reply.of(AlertMessages.tokenDirective("StopAlert", a, e.dialogRequestId()));
            case "DeleteAlertSucceeded", "DeleteAlertFailed" ->
                    // The device still has an alert the server keeps: tell it again what to ring.
                    Reply.of(AlertMessages.setAlert(a, now, e.dialogRequestId()));
            case "AlertStopped" -> {
                Reply next = stopped(a, now, e.dialogRequestId());
                others.tell(request.device(), next.directives());
                yield next;
            }
            default -> throw CicException.badRequest(e.header().qualifiedName() + " is not accepted");
        };
    }

    /** A one-off alert is done; a repeating alarm moves on to its next ring. */
    private Reply stopped(Alert a, ZonedDateTime now, String dialogRequestId) {
        if (a.repeats()) {
            Alert next = a.withScheduledAt(AlertsSkill.nextOccurrence(a, now).toInstant())
                    .withStatus(Alert.Status.PENDING);
            alerts.update(next);
            return Reply.of(AlertMessages.setAlert(next, now, dialogRequestId));
        }
        alerts.delete(a.accountId(), a.token());
        return Reply.of(AlertMessages.tokenDirective("DeleteAlert", a, dialogRequestId));
    }

    private Reply status(Alert a, Alert.Status status) {
        if (!alerts.updateStatus(a, status)) {
            log.info("event=AlertReportSuperseded token={} status={}", a.token(), status);
        }
        return Reply.empty();
    }

    private static String text(String value, String field) {
        if (value == null || value.isBlank() || value.length() > 64) {
            throw CicException.badRequest("Alerts payload: \"" + field + "\" must be a string of 1 to 64 characters");
        }
        return value;
    }
}
