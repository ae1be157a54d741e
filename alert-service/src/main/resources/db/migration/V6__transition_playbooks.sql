-- A level transition that a transition playbook matched: which playbook, and whether it was acted on (ACTED) or
-- held back by the cooldown (SUPPRESSED, with the note). NULL for transitions no transition playbook matched and for
-- those stored before transitions ran playbooks.
ALTER TABLE level_transitions
    ADD COLUMN playbook      TEXT,
    ADD COLUMN action_status TEXT,
    ADD COLUMN action_note   TEXT;
-- The cooldown reads one row: an acted-on transition of the account and playbook within the window.
CREATE INDEX level_transitions_cooldown ON level_transitions (account_id, playbook, transitioned_at)
    WHERE action_status = 'ACTED';

-- A transition read before its account's profile: its CSM and customer emails wait here (the transition, Avro
-- single-object encoded) until the profile arrives or wait_until passes, as pending_routes does for alerts.
CREATE TABLE pending_transition_routes (
    transition_id    TEXT PRIMARY KEY,
    account_id       TEXT        NOT NULL,
    transition_avro  BYTEA       NOT NULL,
    wait_until       TIMESTAMPTZ NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX pending_transition_routes_by_account ON pending_transition_routes (account_id);
CREATE INDEX pending_transition_routes_by_deadline ON pending_transition_routes (wait_until);
