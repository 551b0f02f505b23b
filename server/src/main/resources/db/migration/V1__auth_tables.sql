-- Accounts, clients and the Clova Auth API grants (authorization codes, device tokens), plus the
-- account login sessions that /authorize accepts as the "service account" access token.
--
-- Portable SQL (H2 now, PostgreSQL later): VARCHAR, BIGINT, BOOLEAN only. Every instant is a BIGINT
-- of epoch milliseconds (UTC). Secrets, codes and tokens are stored only as SHA-256 digests in
-- unpadded URL-safe base64 (43 characters); password hashes are password4j argon2id strings.

CREATE TABLE accounts (
    account_id    VARCHAR(64)  NOT NULL,
    username      VARCHAR(64)  NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    created_at    BIGINT       NOT NULL,
    CONSTRAINT pk_accounts PRIMARY KEY (account_id),
    CONSTRAINT uq_accounts_username UNIQUE (username)
);

CREATE TABLE clients (
    client_id   VARCHAR(64)  NOT NULL,
    name        VARCHAR(128) NOT NULL,
    secret_hash VARCHAR(64)  NOT NULL,
    created_at  BIGINT       NOT NULL,
    CONSTRAINT pk_clients PRIMARY KEY (client_id)
);

CREATE TABLE account_sessions (
    token_hash  VARCHAR(64) NOT NULL,
    account_id  VARCHAR(64) NOT NULL,
    expires_at  BIGINT      NOT NULL,
    created_at  BIGINT      NOT NULL,
    CONSTRAINT pk_account_sessions PRIMARY KEY (token_hash),
    CONSTRAINT fk_account_sessions_account FOREIGN KEY (account_id) REFERENCES accounts (account_id)
);
CREATE INDEX ix_account_sessions_expires ON account_sessions (expires_at);

CREATE TABLE authorization_codes (
    code_hash   VARCHAR(64)  NOT NULL,
    account_id  VARCHAR(64)  NOT NULL,
    client_id   VARCHAR(64)  NOT NULL,
    device_id   VARCHAR(128) NOT NULL,
    model_id    VARCHAR(128),
    expires_at  BIGINT       NOT NULL,
    used        BOOLEAN      NOT NULL,
    created_at  BIGINT       NOT NULL,
    CONSTRAINT pk_authorization_codes PRIMARY KEY (code_hash),
    CONSTRAINT fk_authorization_codes_account FOREIGN KEY (account_id) REFERENCES accounts (account_id),
    CONSTRAINT fk_authorization_codes_client FOREIGN KEY (client_id) REFERENCES clients (client_id)
);
CREATE INDEX ix_authorization_codes_expires ON authorization_codes (expires_at);

-- One row per issued access/refresh token pair. Refreshing revokes the row and inserts a new one.
CREATE TABLE device_tokens (
    access_token_hash  VARCHAR(64)  NOT NULL,
    refresh_token_hash VARCHAR(64)  NOT NULL,
    account_id         VARCHAR(64)  NOT NULL,
    client_id          VARCHAR(64)  NOT NULL,
    device_id          VARCHAR(128) NOT NULL,
    model_id           VARCHAR(128),
    access_expires_at  BIGINT       NOT NULL,
    revoked            BOOLEAN      NOT NULL,
    created_at         BIGINT       NOT NULL,
    CONSTRAINT pk_device_tokens PRIMARY KEY (access_token_hash),
    CONSTRAINT uq_device_tokens_refresh UNIQUE (refresh_token_hash),
    CONSTRAINT fk_device_tokens_account FOREIGN KEY (account_id) REFERENCES accounts (account_id),
    CONSTRAINT fk_device_tokens_client FOREIGN KEY (client_id) REFERENCES clients (client_id)
);
CREATE INDEX ix_device_tokens_device ON device_tokens (client_id, device_id);
