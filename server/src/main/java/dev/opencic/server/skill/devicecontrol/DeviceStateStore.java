package dev.opencic.server.skill.devicecontrol;

import java.util.List;

/** The devices' reported states, one per device of an account (migration V9). */
interface DeviceStateStore {

    /**
     * Keeps the device's state: a null {@code stateJson} or null last action leaves the kept one as
     * it was (a {@code ReportState} does not forget the last action, an {@code ActionExecuted}
     * without a {@code Device.DeviceState} does not forget the state).
     */
    void save(KeptDeviceState state);

    /** Every device of the account with a kept state, in device id order. */
    List<KeptDeviceState> list(String accountId);
}
