-- The songs each account likes (TemplateRuntime.LikeCommandIssued, "I like this song"); an unlike
-- deletes the row. track_id is the music library's (music_tracks.track_id) but has no foreign key
-- to it: a like outlives a rescan that loses the file for a while. Portable SQL (H2 and PostgreSQL);
-- liked_at is BIGINT epoch milliseconds (UTC).
CREATE TABLE track_likes (
    account_id VARCHAR(64) NOT NULL,
    track_id   VARCHAR(32) NOT NULL,
    liked_at   BIGINT      NOT NULL,
    CONSTRAINT pk_track_likes PRIMARY KEY (account_id, track_id),
    CONSTRAINT fk_track_likes_account FOREIGN KEY (account_id) REFERENCES accounts (account_id) ON DELETE CASCADE
);
