-- The CSM inbox's triage of an alert: who works it, until when it is snoozed (and why), and how it ended. The
-- outcome is labelled data for backtests, so only the four known outcomes are stored.
ALTER TABLE alerts ADD COLUMN assigned_to   TEXT;
ALTER TABLE alerts ADD COLUMN snoozed_until TIMESTAMPTZ;
ALTER TABLE alerts ADD COLUMN snooze_reason TEXT;
ALTER TABLE alerts ADD COLUMN outcome       TEXT
    CONSTRAINT alerts_outcome_known CHECK (outcome IN ('SAVED', 'CHURNED', 'FALSE_ALARM', 'OTHER'));
ALTER TABLE alerts ADD COLUMN outcome_note  TEXT;
ALTER TABLE alerts ADD COLUMN outcome_by    TEXT;
ALTER TABLE alerts ADD COLUMN outcome_at    TIMESTAMPTZ;

-- The inbox reads only unresolved alerts; cooldown looks for a snoozed alert of the account and rule; the outcomes
-- feed reads labelled alerts in time order.
CREATE INDEX alerts_unresolved ON alerts (status, raised_at) WHERE status IN ('OPEN', 'ACKNOWLEDGED');
CREATE INDEX alerts_snoozed ON alerts (account_id, rule, snoozed_until) WHERE snoozed_until IS NOT NULL;
CREATE INDEX alerts_outcomes ON alerts (outcome_at, alert_id) WHERE outcome IS NOT NULL;
