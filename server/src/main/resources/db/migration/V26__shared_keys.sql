-- Keys every cluster node must share that are too long for shared_secrets.secret (V24, 256 characters):
-- the RSA private key that signs requests to extensions (SignatureCEK, issue 22), so an extension
-- verifies a request from any node with the one public key. Base64 of the PKCS#8 DER (about 1.7 KB).
-- Portable SQL (H2 and PostgreSQL).
CREATE TABLE shared_keys (
    name        VARCHAR(64)   NOT NULL,
    key_data    VARCHAR(8192) NOT NULL,
    created_at  BIGINT        NOT NULL,
    CONSTRAINT pk_shared_keys PRIMARY KEY (name)
);
