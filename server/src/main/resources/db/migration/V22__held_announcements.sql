-- Announcements a device did not confirm reading (its connection died on the way, it stopped reading),
-- kept for its next downchannel open within the hold time (skill.household.Announcements), so that a
-- server restart in between does not lose them. A row is deleted when delivered again or once stale.
-- Portable SQL (H2 and PostgreSQL); instants are epoch milliseconds.
CREATE TABLE held_announcements (
    announcement_id VARCHAR(64)   NOT NULL,
    account_id      VARCHAR(64)   NOT NULL,
    client_id       VARCHAR(64)   NOT NULL,
    device_id       VARCHAR(128)  NOT NULL,
    spoken          VARCHAR(4000) NOT NULL,
    announced_at    BIGINT        NOT NULL,
    CONSTRAINT pk_held_announcements PRIMARY KEY (announcement_id),
    CONSTRAINT fk_held_announcements_account FOREIGN KEY (account_id) REFERENCES accounts (account_id) ON DELETE CASCADE
);
CREATE INDEX ix_held_announcements_device ON held_announcements (account_id, client_id, device_id);
