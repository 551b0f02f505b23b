package dev.opencic.server.skill.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Namespaces;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Reads the {@code Alerts.AlertsState} context object devices send with their events. */
final class AlertsState {
    private AlertsState() {}

    static Optional<ContextObject> of(Event event) {
        return event.context(Namespaces.ALERTS, "AlertsState");
    }

    /** Whether the event's context says the alert with {@code token} is ringing. */
    static boolean isActive(Event event, String token) {
        return of(event).map(c -> tokens(c, "activeAlerts").contains(token)).orElse(false);
    }

    /** The tokens listed in {@code allAlerts} or {@code activeAlerts}. */
    static Set<String> tokens(ContextObject context, String field) {
        Set<String> out = new HashSet<>();
        JsonNode list = context.payload().path(field);
        if (list.isArray()) {
            for (JsonNode a : list) {
                JsonNode token = a.path("token");
                if (token.isTextual()) {
                    out.add(token.asText());
                }
            }
        }
        return out;
    }
}
