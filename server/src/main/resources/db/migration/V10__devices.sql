-- The devices of each account, so a household can be addressed by name and room ("announce in the
-- kitchen", "play jazz on the kitchen speaker"). A row is made when a device first opens its
-- downchannel (or is named by an admin before that); last_seen_at moves on at each later open.
-- name and room are what the user called the device; NULL until named. client_id is the client the
-- device's token was issued to (NULL for a device an admin named before it ever connected).
-- Portable SQL (H2 and PostgreSQL); instants are epoch milliseconds.
CREATE TABLE devices (
    account_id    VARCHAR(64)  NOT NULL,
    device_id     VARCHAR(128) NOT NULL,
    name          VARCHAR(128),
    room          VARCHAR(128),
    client_id     VARCHAR(64),
    first_seen_at BIGINT       NOT NULL,
    last_seen_at  BIGINT       NOT NULL,
    CONSTRAINT pk_devices PRIMARY KEY (account_id, device_id),
    CONSTRAINT fk_devices_account FOREIGN KEY (account_id) REFERENCES accounts (account_id) ON DELETE CASCADE
);
