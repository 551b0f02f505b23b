-- Answers to recent events, by the messageId the device gave them (issue 17: idempotent events).
-- A device that retries an event (same messageId) within the replay window gets the stored answer
-- again instead of the action being repeated. Rows older than the window are purged by the server.
-- directives: the answer's directives as one JSON array ('[]' for 204 No Content); attachments
-- (speech audio) are not stored: they are made again from their Speak directive's text.
-- Portable SQL: VARCHAR without a length is unbounded in PostgreSQL and 1,000,000 characters in H2.

CREATE TABLE event_replays (
    account_id  VARCHAR(64)  NOT NULL,
    device_id   VARCHAR(255) NOT NULL,
    message_id  VARCHAR(128) NOT NULL,
    answered_at BIGINT       NOT NULL,
    directives  VARCHAR      NOT NULL,
    CONSTRAINT pk_event_replays PRIMARY KEY (account_id, device_id, message_id)
);

CREATE INDEX ix_event_replays_answered ON event_replays (answered_at);
