-- The last state each device reported (Device.DeviceState, as JSON) and the last DeviceControl
-- action it reported on (ActionExecuted / ActionFailed), kept so that RequestStateSynchronization
-- can answer with every device of the account, including those offline or on another node.
-- One row per device of an account. Portable SQL (H2 and PostgreSQL).
CREATE TABLE device_states (
    account_id     VARCHAR(64)    NOT NULL,
    device_id      VARCHAR(128)   NOT NULL,
    state_json     VARCHAR(16000),
    last_target    VARCHAR(32),
    last_command   VARCHAR(32),
    last_succeeded BOOLEAN,
    updated_at     BIGINT         NOT NULL,
    CONSTRAINT pk_device_states PRIMARY KEY (account_id, device_id),
    CONSTRAINT fk_device_states_account FOREIGN KEY (account_id) REFERENCES accounts (account_id) ON DELETE CASCADE
);
