-- Roles of accounts (issue 23): 'admin' may use the console's administration pages. A row per role
-- held; an account without rows is an ordinary user. The first administrator is made by the
-- console's first-run page, later ones by `cic admin user grant-admin NAME`.
-- Portable SQL (H2 and PostgreSQL); instants are epoch milliseconds.
CREATE TABLE account_roles (
    account_id VARCHAR(64) NOT NULL,
    role       VARCHAR(32) NOT NULL,
    granted_at BIGINT      NOT NULL,
    CONSTRAINT pk_account_roles PRIMARY KEY (account_id, role),
    CONSTRAINT fk_account_roles_account FOREIGN KEY (account_id) REFERENCES accounts (account_id) ON DELETE CASCADE
);
