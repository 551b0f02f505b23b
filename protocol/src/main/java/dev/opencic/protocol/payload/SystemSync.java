package dev.opencic.protocol.payload;

import java.util.List;

/**
 * The state synchronization messages of the {@code System} namespace (System.md; named so as not to
 * shadow {@link java.lang.System}): the device asks with {@code RequestSynchronizeState} (no
 * payload, its context objects attached) and the server answers with {@code SynchronizeState}.
 */
public final class SystemSync {
    private SystemSync() {}

    /** Event {@code System.RequestSynchronizeState}: no fields. */
    public record RequestSynchronizeState() implements Payload {}

    /**
     * Directive {@code System.SynchronizeState}: the alerts the device should have, each as an
     * {@code Alerts.SetAlert} payload. The reference marks {@code allAlerts} deprecated in favour of
     * {@code Alerts.SynchronizeAlert}, but it is the one field it defines, so it is sent.
     */
    public record SynchronizeState(List<Alerts.SetAlert> allAlerts) implements Payload {
        public SynchronizeState {
            allAlerts = allAlerts == null ? List.of() : List.copyOf(allAlerts);
        }
    }
}
