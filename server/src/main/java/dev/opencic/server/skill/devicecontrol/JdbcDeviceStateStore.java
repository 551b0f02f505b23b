package dev.opencic.server.skill.devicecontrol;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** {@link DeviceStateStore} on the {@code device_states} table (migration V9). */
final class JdbcDeviceStateStore implements DeviceStateStore {

    private static final String COLUMNS =
            "account_id, device_id, state_json, last_target, last_command, last_succeeded, updated_at";
    private static final RowMapper<KeptDeviceState> ROW = ConstructorMapper.of(KeptDeviceState.class);

    private final Jdbi jdbi;

    JdbcDeviceStateStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void save(KeptDeviceState s) {
        // Update, else insert: portable where MERGE and ON CONFLICT are not. COALESCE keeps what a
        // report leaves out (see the interface).
        jdbi.useTransaction(h -> {
            int updated = h.createUpdate("UPDATE device_states SET state_json = COALESCE(:stateJson, state_json),"
                                         + " last_target = COALESCE(:lastTarget, last_target),"
                                         + " last_command = COALESCE(:lastCommand, last_command),"
                                         + " last_succeeded = COALESCE(:lastSucceeded, last_succeeded),"
                                         + " updated_at = :updatedAt"
                                         + " WHERE account_id = :accountId AND device_id = :deviceId")
                           .bindMap(columns(s)).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO device_states (" + COLUMNS + ") VALUES (:accountId, :deviceId,"
                               + " :stateJson, :lastTarget, :lastCommand, :lastSucceeded, :updatedAt)")
                 .bindMap(columns(s)).execute();
            }
        });
    }

    /** The record's fields by parameter name (the record is package-private, so not bound by reflection). */
    private static Map<String, Object> columns(KeptDeviceState s) {
        Map<String, Object> m = new HashMap<>();
        m.put("accountId", s.accountId());
        m.put("deviceId", s.deviceId());
        m.put("stateJson", s.stateJson());
        m.put("lastTarget", s.lastTarget());
        m.put("lastCommand", s.lastCommand());
        m.put("lastSucceeded", s.lastSucceeded());
        m.put("updatedAt", s.updatedAt());
        return m;
    }

    @Override
    public List<KeptDeviceState> list(String accountId) {
        return jdbi.withHandle(h -> h.select("SELECT " + COLUMNS + " FROM device_states WHERE account_id = ?"
                                             + " ORDER BY device_id", accountId)
                                     .map(ROW).list());
    }
}
