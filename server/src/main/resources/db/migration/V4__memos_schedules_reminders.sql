-- Memos, schedules and reminders, per account. Portable SQL (H2 now, PostgreSQL later); every
-- instant is a BIGINT of epoch milliseconds (UTC).
--
-- Memos and reminders keep a row after deletion (deleted = TRUE, a tombstone) so that an older
-- edit arriving late from a device cannot bring them back; edited_at is the time of the edit the
-- row holds (the device's timestamp when it sent one, else when the server received it).

CREATE TABLE memos (
    account_id VARCHAR(64)   NOT NULL,
    memo_id    VARCHAR(64)   NOT NULL,
    content    VARCHAR(4000) NOT NULL,
    created_at BIGINT        NOT NULL,
    edited_at  BIGINT        NOT NULL,
    deleted    BOOLEAN       NOT NULL,
    CONSTRAINT pk_memos PRIMARY KEY (account_id, memo_id)
);

CREATE TABLE schedules (
    account_id  VARCHAR(64)   NOT NULL,
    schedule_id VARCHAR(64)   NOT NULL,
    content     VARCHAR(1000) NOT NULL,
    starts_at   BIGINT        NOT NULL,
    ends_at     BIGINT        NOT NULL,
    period      VARCHAR(8)    NOT NULL,
    zone        VARCHAR(64)   NOT NULL,
    created_at  BIGINT        NOT NULL,
    CONSTRAINT pk_schedules PRIMARY KEY (account_id, schedule_id)
);

CREATE INDEX ix_schedules_start ON schedules (account_id, starts_at);

-- state: PENDING (not due yet, or no time), HELD (came due while the device was offline),
-- DELIVERING (claimed by one sender), DELIVERED, EXPIRED (held longer than the hold TTL).
CREATE TABLE reminders (
    account_id  VARCHAR(64)   NOT NULL,
    reminder_id VARCHAR(64)   NOT NULL,
    content     VARCHAR(1000) NOT NULL,
    done        BOOLEAN       NOT NULL,
    remind_at   BIGINT,
    zone        VARCHAR(64)   NOT NULL,
    client_id   VARCHAR(64)   NOT NULL,
    device_id   VARCHAR(128)  NOT NULL,
    state       VARCHAR(16)   NOT NULL,
    created_at  BIGINT        NOT NULL,
    edited_at   BIGINT        NOT NULL,
    delivered_at BIGINT,
    deleted     BOOLEAN       NOT NULL,
    CONSTRAINT pk_reminders PRIMARY KEY (account_id, reminder_id)
);

CREATE INDEX ix_reminders_device_state ON reminders (account_id, client_id, device_id, state);
