-- Secrets every cluster node must agree on (issue 19), made by whichever node needs one first:
-- e.g. the key that signs music stream URLs, so a URL one node signed streams from any other.
-- Base64 text. Portable SQL (H2 and PostgreSQL).
CREATE TABLE shared_secrets (
    name        VARCHAR(64)  NOT NULL,
    secret      VARCHAR(256) NOT NULL,
    created_at  BIGINT       NOT NULL,
    CONSTRAINT pk_shared_secrets PRIMARY KEY (name)
);
