-- One escalation per account per escalation window: the first trigger opens it and mails the CSM; later triggers
-- inside the window join it (their alerts get an escalations row pointing at it) instead of mailing again.
CREATE TABLE account_escalations (
    escalation_id TEXT PRIMARY KEY,
    account_id    TEXT        NOT NULL,
    -- Event time of the trigger that opened it: the window is measured on event times, like the trigger itself.
    opened_for    TIMESTAMPTZ NOT NULL,
    opened_at     TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    triggers      INT         NOT NULL,
    last_trigger  TEXT        NOT NULL
);
CREATE INDEX account_escalations_by_account ON account_escalations (account_id, opened_for DESC);

ALTER TABLE escalations ADD COLUMN escalation_id TEXT REFERENCES account_escalations (escalation_id);

-- An alert read before its account's profile: its CSM and customer emails wait here (the alert itself, Avro
-- single-object encoded) until the profile arrives or wait_until passes, and are routed then.
CREATE TABLE pending_routes (
    alert_id    TEXT PRIMARY KEY REFERENCES alerts (alert_id),
    account_id  TEXT        NOT NULL,
    alert_avro  BYTEA       NOT NULL,
    wait_until  TIMESTAMPTZ NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX pending_routes_by_account ON pending_routes (account_id);
CREATE INDEX pending_routes_by_deadline ON pending_routes (wait_until);
