-- One row per erasure of an account: who asked and when, and how many rows went; not the account's data and not
-- its id, only the SHA-256 of the id, so "was X erased, and when?" can be answered by hashing X.
CREATE TABLE erasures (
    id                BIGSERIAL PRIMARY KEY,
    account_sha256    TEXT        NOT NULL,
    requested_by      TEXT        NOT NULL,
    erased_at         TIMESTAMPTZ NOT NULL,
    rows_deleted      INT         NOT NULL,
    rows_redacted     INT         NOT NULL
);
CREATE INDEX erasures_account ON erasures (account_sha256, erased_at);
