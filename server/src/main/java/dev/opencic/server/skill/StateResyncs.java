package dev.opencic.server.skill;

import dev.opencic.protocol.Directive;
import dev.opencic.server.api.EventRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's {@link StateResync}s, one per feature that has state to bring back in step; shared
 * by every module through {@link SkillContext}. One that fails is logged and left out, so the
 * others (and the alerts) still reach the device.
 */
public final class StateResyncs {

    private static final Logger log = LoggerFactory.getLogger(StateResyncs.class);

    private final List<StateResync> all = new CopyOnWriteArrayList<>();

    public void add(StateResync resync) {
        all.add(java.util.Objects.requireNonNull(resync, "resync"));
    }

    /** Every registered feature's directives for the device that asked, in registration order. */
    public List<Directive> resync(EventRequest request) {
        List<Directive> out = new ArrayList<>();
        for (StateResync r : all) {
            try {
                out.addAll(r.resync(request));
            } catch (RuntimeException e) {
                log.warn("event=StateResyncFailed device={} resync={} cause={}", request.device().deviceId(),
                        r.getClass().getName(), e.toString());
            }
        }
        return out;
    }
}
