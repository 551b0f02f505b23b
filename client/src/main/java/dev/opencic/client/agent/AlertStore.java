package dev.opencic.client.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.payload.Alerts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file a {@link LocalAlertsAgent} keeps its alerts and unsent reports in, so they outlive the
 * program: {@code {"alerts": [SetAlert payloads], "outbox": [{"name", "payload"}]}}, written to a
 * temporary file and moved over the old one.
 */
final class AlertStore {

    private static final Logger log = LoggerFactory.getLogger(AlertStore.class);
    private static final ObjectMapper JSON = MessageCodec.mapper().copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** A report waiting to be sent: an {@code Alerts} event's name and payload. */
    record Report(String name, Alerts.AlertToken payload) {}

    /** The file's content. */
    record Content(List<Alerts.SetAlert> alerts, List<Report> outbox) {
        Content {
            alerts = alerts == null ? List.of() : List.copyOf(alerts);
            outbox = outbox == null ? List.of() : List.copyOf(outbox);
        }
    }

    private final Path file;

    AlertStore(Path file) {
        this.file = file;
    }

    /** What the file holds; empty if there is none or it cannot be read (logged). */
    Content load() {
        if (!Files.exists(file)) {
            return new Content(List.of(), List.of());
        }
        try {
            Content c = JSON.readValue(file.toFile(), Content.class);
            log.info("event=AlertsLoaded file={} alerts={} unsent={}", file, c.alerts().size(), c.outbox().size());
            return c;
        } catch (IOException e) {
            log.warn("event=AlertsNotLoaded file={} cause={}", file, e.toString());
            return new Content(List.of(), List.of());
        }
    }

    /** Replaces the file's content; a failure is logged (the alerts still ring from memory). */
    void save(List<LocalAlertsAgent.Alert> alerts, List<Report> outbox) {
        List<Alerts.SetAlert> entries = alerts.stream().map(AlertStore::entry).toList();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Content(entries, outbox)));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("event=AlertsNotSaved file={} cause={}", file, e.toString());
        }
    }

    private static Alerts.SetAlert entry(LocalAlertsAgent.Alert a) {
        return new Alerts.SetAlert(a.token(), a.type(), a.scheduledTime().toString(),
                a.daysOfWeek().stream().sorted().map(d -> d.name().toLowerCase(Locale.ROOT)).toList());
    }

    /** The alert a {@code SetAlert} payload (or a stored entry) describes, or null if it is not usable (logged). */
    static LocalAlertsAgent.Alert parse(Alerts.SetAlert p) {
        String token = p.token() == null ? "" : p.token();
        String type = p.type() == null ? "" : p.type();
        if (token.isBlank() || type.isBlank()) {
            return null;
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(p.scheduledTime() == null ? "" : p.scheduledTime());
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (String d : p.daysOfWeek()) {
                days.add(DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT)));
            }
            return new LocalAlertsAgent.Alert(token, type, at, days);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            log.warn("event=BadAlert token={} cause={}", token, e.toString());
            return null;
        }
    }
}
