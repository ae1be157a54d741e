-- A CSM's note on an account, written from the console or the API. The author is the person's e-mail, the same
-- name the audit trail of alert actions records.
CREATE TABLE account_notes (
    note_id    TEXT PRIMARY KEY,
    account_id TEXT        NOT NULL,
    author     TEXT        NOT NULL,
    body       TEXT        NOT NULL CONSTRAINT account_notes_body_bounded CHECK (char_length(body) BETWEEN 1 AND 2000),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX account_notes_by_account ON account_notes (account_id, created_at, note_id);

-- Signals this service owes to account-signals (a note is a CSM touch-point), written in the transaction that
-- stored their cause and published from here, so a signal is neither lost when Kafka is down nor sent for a note
-- that was rolled back. The message id is fixed at insert: a resend after a crash carries the same id, which
-- scoring de-duplicates. A row is deleted once the broker acknowledged its record. A touch-point carries no note
-- text and no author: those stay here, where scope and erasure apply, and out of a log that other tools read.
CREATE TABLE signal_outbox (
    message_id      TEXT PRIMARY KEY,
    account_id      TEXT        NOT NULL,
    signal_type     TEXT        NOT NULL,
    occurred_at     TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_error      TEXT
);
CREATE INDEX signal_outbox_due ON signal_outbox (next_attempt_at);
