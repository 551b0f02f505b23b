-- The music library: one row per audio file found in the configured music folders. Rows are keyed
-- by a digest of the file's absolute path, so a rescan finds the row of a file again without an
-- index on the (long) path itself. Files without readable tags are indexed by their file name
-- (tagged = FALSE). size_bytes and modified_at tell a rescan whether the tags must be read again.
--
-- Portable SQL (H2 now, PostgreSQL later): VARCHAR, INTEGER, BIGINT, BOOLEAN only; instants are
-- BIGINT epoch milliseconds (UTC).

CREATE TABLE music_tracks (
    track_id     VARCHAR(32)   NOT NULL,
    path         VARCHAR(4096) NOT NULL,
    title        VARCHAR(512)  NOT NULL,
    artist       VARCHAR(512),
    album        VARCHAR(512),
    genre        VARCHAR(128),
    track_number INTEGER,
    duration_ms  BIGINT        NOT NULL,
    format       VARCHAR(16)   NOT NULL,
    size_bytes   BIGINT        NOT NULL,
    modified_at  BIGINT        NOT NULL,
    tagged       BOOLEAN       NOT NULL,
    indexed_at   BIGINT        NOT NULL,
    CONSTRAINT pk_music_tracks PRIMARY KEY (track_id)
);
