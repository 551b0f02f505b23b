package dev.opencic.server.skill.household;

import dev.opencic.protocol.MessageIds;
import dev.opencic.server.api.DeviceIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** {@link HeldAnnouncements} on the {@code held_announcements} table (migration V22). */
final class JdbcHeldAnnouncements implements HeldAnnouncements {

    /** The column's size; a longer announcement is kept cut to it. */
    static final int MAX_TEXT = 4000;

    private record Row(String id, String text, long at) {}

    private final Jdbi jdbi;

    JdbcHeldAnnouncements(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void hold(DeviceIdentity device, String text, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO held_announcements (announcement_id, account_id, client_id,"
                        + " device_id, spoken, announced_at) VALUES (:id, :account, :client, :device, :text, :at)")
                .bind("id", MessageIds.newId()).bind("account", device.accountId()).bind("client", device.clientId())
                .bind("device", device.deviceId())
                .bind("text", text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text)
                .bind("at", at.toEpochMilli()).execute());
    }

    @Override
    public List<Held> take(DeviceIdentity device, Instant notBefore) {
        return jdbi.inTransaction(h -> {
            List<Row> rows = h.createQuery("SELECT announcement_id, spoken, announced_at FROM held_announcements"
                            + " WHERE account_id = :account AND client_id = :client AND device_id = :device"
                            + " ORDER BY announced_at, announcement_id")
                    .bind("account", device.accountId()).bind("client", device.clientId())
                    .bind("device", device.deviceId())
                    .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getLong(3))).list();
            List<Held> taken = new ArrayList<>();
            for (Row r : rows) {
                // Deleted here, or by another node taking at the same time: only the deleter delivers it.
                int deleted = h.createUpdate("DELETE FROM held_announcements WHERE announcement_id = :id")
                        .bind("id", r.id()).execute();
                if (deleted == 1 && r.at() >= notBefore.toEpochMilli()) {
                    taken.add(new Held(r.text(), Instant.ofEpochMilli(r.at())));
                }
            }
            return taken;
        });
    }

    @Override
    public int dropBefore(Instant cutoff) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM held_announcements WHERE announced_at < :cutoff")
                .bind("cutoff", cutoff.toEpochMilli()).execute());
    }
}
