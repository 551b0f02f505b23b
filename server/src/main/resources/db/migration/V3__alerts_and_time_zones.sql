-- Alarms and timers each account has set, and the time zone of accounts and devices.
--
-- Portable SQL (H2 now, PostgreSQL later). Instants are BIGINT epoch milliseconds (UTC).
-- An alert's scheduled_at is its next ring; a repeating alarm keeps its clock time (local_time,
-- "HH:mm") and days (days_of_week, e.g. "MONDAY,FRIDAY"; empty when it rings once) and moves
-- scheduled_at on after each ring, in zone_id.

CREATE TABLE alerts (
    token         VARCHAR(64)  NOT NULL,
    account_id    VARCHAR(64)  NOT NULL,
    alert_type    VARCHAR(16)  NOT NULL,
    scheduled_at  BIGINT       NOT NULL,
    zone_id       VARCHAR(64)  NOT NULL,
    local_time    VARCHAR(8)   NOT NULL,
    days_of_week  VARCHAR(80)  NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    created_at    BIGINT       NOT NULL,
    CONSTRAINT pk_alerts PRIMARY KEY (token)
);

CREATE INDEX ix_alerts_account ON alerts (account_id, alert_type, scheduled_at);

-- device_id '' is the account's own setting, used for devices without one.
CREATE TABLE time_zones (
    account_id  VARCHAR(64)  NOT NULL,
    device_id   VARCHAR(128) NOT NULL,
    zone_id     VARCHAR(64)  NOT NULL,
    CONSTRAINT pk_time_zones PRIMARY KEY (account_id, device_id)
);
