-- Expansion opportunities (upsell moments) from the expansion-opportunities topic, kept apart from the churn-risk
-- alerts: they appear in no alert list, inbox, digest or escalation. The signal id is scoring's deterministic one, so
-- a replayed signal is a no-op. playbook / action_status / action_note as for level transitions: which expansion
-- playbook matched and whether it was ACTED on or SUPPRESSED by the cooldown (with why); NULL when none matched.
CREATE TABLE expansion_signals (
    signal_id       TEXT PRIMARY KEY,
    account_id      TEXT        NOT NULL,
    kind            TEXT        NOT NULL,
    score           DOUBLE PRECISION NOT NULL,
    level           TEXT        NOT NULL,
    active_users    INTEGER     NOT NULL,
    seats           INTEGER,
    reasons         TEXT[]      NOT NULL,
    segment         TEXT,
    coverage_model  TEXT,
    model_version   TEXT        NOT NULL,
    detected_at     TIMESTAMPTZ NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL,
    playbook        TEXT,
    action_status   TEXT,
    action_note     TEXT
);
CREATE INDEX expansion_signals_by_account ON expansion_signals (account_id, detected_at);
-- The cooldown reads one row: an acted-on signal of the account and playbook within the window.
CREATE INDEX expansion_signals_cooldown ON expansion_signals (account_id, playbook, detected_at)
    WHERE action_status = 'ACTED';

-- A signal read before its account's profile: its CSM and customer emails wait here (Avro single-object encoded)
-- until the profile arrives or wait_until passes, as pending_transition_routes does for transitions.
CREATE TABLE pending_expansion_routes (
    signal_id     TEXT PRIMARY KEY,
    account_id    TEXT        NOT NULL,
    signal_avro   BYTEA       NOT NULL,
    wait_until    TIMESTAMPTZ NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX pending_expansion_routes_by_account ON pending_expansion_routes (account_id);
CREATE INDEX pending_expansion_routes_by_deadline ON pending_expansion_routes (wait_until);
