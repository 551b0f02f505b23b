package dev.opencic.server.skill.alerts;

import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.Alerts;
import dev.opencic.server.api.EventPayloads;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the {@code Alerts.AlertsState} context object devices send with their events. */
final class AlertsState {
    private AlertsState() {}

    static final String NAME = "AlertsState";

    static Optional<Alerts.AlertsState> of(Event event) {
        return EventPayloads.context(event, Namespaces.ALERTS, NAME, Alerts.AlertsState.class);
    }

    /** Whether the event's context says the alert with {@code token} is ringing. */
    static boolean isActive(Event event, String token) {
        return of(event).map(s -> tokens(s.activeAlerts()).contains(token)).orElse(false);
    }

    /** The tokens listed in {@code allAlerts}; none when the context object is unreadable. */
    static Set<String> allTokens(ContextObject context) {
        return EventPayloads.context(context, Alerts.AlertsState.class)
                .map(s -> tokens(s.allAlerts())).orElse(Set.of());
    }

    private static Set<String> tokens(List<Alerts.SetAlert> alerts) {
        return alerts.stream().map(Alerts.SetAlert::token).filter(Objects::nonNull).collect(Collectors.toSet());
    }
}
