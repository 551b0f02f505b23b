-- The place an account asks about when it names none and its device reports no location
-- ("./cic admin place set"). One per account. Portable SQL (H2 and PostgreSQL).
CREATE TABLE saved_places (
    account_id  VARCHAR(64)      NOT NULL,
    name        VARCHAR(200)     NOT NULL,
    latitude    DOUBLE PRECISION NOT NULL,
    longitude   DOUBLE PRECISION NOT NULL,
    updated_at  BIGINT           NOT NULL,
    CONSTRAINT pk_saved_places PRIMARY KEY (account_id),
    CONSTRAINT fk_saved_places_account FOREIGN KEY (account_id) REFERENCES accounts (account_id) ON DELETE CASCADE
);
