-- Alerts as received from churn-risk-alerts; alert_id is the producer's deterministic id, so a replayed
-- record hits the primary key and is not stored twice.
CREATE TABLE alerts (
    alert_id          TEXT PRIMARY KEY,
    account_id        TEXT        NOT NULL,
    rule              TEXT        NOT NULL,
    severity          TEXT        NOT NULL,
    score             DOUBLE PRECISION NOT NULL,
    level             TEXT        NOT NULL,
    previous_level    TEXT,
    delta_7d          DOUBLE PRECISION,
    reasons           TEXT[]      NOT NULL,
    renewal_date      DATE,
    csm_owner         TEXT,
    coverage_model    TEXT,
    segment           TEXT,
    model_version     TEXT        NOT NULL,
    raised_at         TIMESTAMPTZ NOT NULL,
    received_at       TIMESTAMPTZ NOT NULL,
    status            TEXT        NOT NULL,
    status_note       TEXT,
    playbook          TEXT,
    acknowledged_at   TIMESTAMPTZ,
    acknowledged_by   TEXT,
    resolved_at       TIMESTAMPTZ,
    resolved_by       TEXT,
    source_partition  INT,
    source_offset     BIGINT
);
CREATE INDEX alerts_owner_status ON alerts (csm_owner, status);
CREATE INDEX alerts_account_rule ON alerts (account_id, rule, raised_at);

-- The transactional outbox: one row per (alert, action, target), written in the same transaction as the alert.
-- The message is rendered when the row is written, so every retry sends the same bytes.
CREATE TABLE deliveries (
    id                BIGSERIAL PRIMARY KEY,
    idempotency_key   TEXT        NOT NULL UNIQUE,
    alert_id          TEXT        REFERENCES alerts (alert_id),
    account_id        TEXT,
    channel           TEXT        NOT NULL,
    target            TEXT        NOT NULL,
    subject           TEXT,
    body              TEXT        NOT NULL,
    status            TEXT        NOT NULL,
    attempts          INT         NOT NULL DEFAULT 0,
    -- How often an operator replayed this row after it was DEAD; each replay starts a fresh round of attempts.
    replays           INT         NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ NOT NULL,
    lease_until       TIMESTAMPTZ,
    last_error        TEXT,
    created_at        TIMESTAMPTZ NOT NULL,
    delivered_at      TIMESTAMPTZ,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX deliveries_account ON deliveries (account_id, created_at);

-- Every attempt, recorded before the send starts; the delays between attempts are visible here.
CREATE TABLE delivery_attempts (
    id           BIGSERIAL PRIMARY KEY,
    delivery_id  BIGINT      NOT NULL REFERENCES deliveries (id),
    round        INT         NOT NULL,
    attempt      INT         NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    outcome      TEXT,
    error        TEXT,
    UNIQUE (delivery_id, round, attempt)
);

CREATE TABLE level_transitions (
    account_id       TEXT        NOT NULL,
    transitioned_at  TIMESTAMPTZ NOT NULL,
    from_level       TEXT        NOT NULL,
    to_level         TEXT        NOT NULL,
    direction        TEXT        NOT NULL,
    score            DOUBLE PRECISION NOT NULL,
    reasons          TEXT[]      NOT NULL,
    PRIMARY KEY (account_id, transitioned_at, to_level)
);

CREATE TABLE health_scores (
    account_id    TEXT        NOT NULL,
    evaluated_at  TIMESTAMPTZ NOT NULL,
    score         DOUBLE PRECISION NOT NULL,
    level         TEXT        NOT NULL,
    delta_7d      DOUBLE PRECISION,
    reasons       TEXT[]      NOT NULL,
    PRIMARY KEY (account_id, evaluated_at)
);

-- Latest profile per account (from the compacted account-profiles topic): contact and renewal for messages.
CREATE TABLE account_profiles (
    account_id        TEXT PRIMARY KEY,
    name              TEXT,
    segment           TEXT,
    coverage_model    TEXT,
    csm_owner         TEXT,
    contact_email     TEXT,
    contact_language  TEXT,
    renewal_date      DATE,
    updated_at        TIMESTAMPTZ NOT NULL
);

-- One escalation per tech-touch alert at most: the primary key makes a second trigger a no-op.
CREATE TABLE escalations (
    alert_id      TEXT PRIMARY KEY REFERENCES alerts (alert_id),
    account_id    TEXT        NOT NULL,
    trigger       TEXT        NOT NULL,
    escalated_at  TIMESTAMPTZ NOT NULL
);
