-- Third-party extensions over the Clova Extension Kit protocol (issue 22): each registered extension
-- (its webhook URL, its interaction model as JSON, the hash of its push secret), and the accounts
-- that turned one off ("./cic admin extension disable NAME --user USER"). An extension is enabled
-- for every account by default, so only the exceptions are rows. Portable SQL (H2 and PostgreSQL).
CREATE TABLE extensions (
    name             VARCHAR(100)   NOT NULL,
    url              VARCHAR(2000)  NOT NULL,
    model_json       VARCHAR(200000) NOT NULL,
    push_secret_hash VARCHAR(128)   NOT NULL,
    updated_at       BIGINT         NOT NULL,
    CONSTRAINT pk_extensions PRIMARY KEY (name)
);

CREATE TABLE extension_disabled_accounts (
    extension_name VARCHAR(100) NOT NULL,
    account_id     VARCHAR(64)  NOT NULL,
    CONSTRAINT pk_extension_disabled_accounts PRIMARY KEY (extension_name, account_id),
    CONSTRAINT fk_extension_disabled_extension FOREIGN KEY (extension_name) REFERENCES extensions (name) ON DELETE CASCADE,
    CONSTRAINT fk_extension_disabled_account FOREIGN KEY (account_id) REFERENCES accounts (account_id) ON DELETE CASCADE
);
