-- The device authorisation grant (issue 23, RFC 8628 style): a device without a keyboard asks for a
-- code (POST /device_authorization), a person enters the short user_code in the console and approves,
-- and the device's polling of /token then gets its tokens once. The device code is stored only as its
-- SHA-256 digest (like every other secret); the user code is short-lived and single-use.
-- status: pending, approved, denied, redeemed. account_id is set on approval.
-- Portable SQL (H2 and PostgreSQL); instants are epoch milliseconds.
CREATE TABLE device_authorizations (
    device_code_hash VARCHAR(64)  NOT NULL,
    user_code        VARCHAR(16)  NOT NULL,
    client_id        VARCHAR(64)  NOT NULL,
    device_id        VARCHAR(128) NOT NULL,
    model_id         VARCHAR(128),
    account_id       VARCHAR(64),
    status           VARCHAR(16)  NOT NULL,
    expires_at       BIGINT       NOT NULL,
    polled_at        BIGINT,
    created_at       BIGINT       NOT NULL,
    CONSTRAINT pk_device_authorizations PRIMARY KEY (device_code_hash),
    CONSTRAINT uq_device_authorizations_user_code UNIQUE (user_code),
    CONSTRAINT fk_device_authorizations_client FOREIGN KEY (client_id) REFERENCES clients (client_id) ON DELETE CASCADE,
    CONSTRAINT fk_device_authorizations_account FOREIGN KEY (account_id) REFERENCES accounts (account_id) ON DELETE CASCADE
);
CREATE INDEX ix_device_authorizations_expires ON device_authorizations (expires_at);
