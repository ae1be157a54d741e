-- Each console user's own notification settings, next to their language (V14). A user without a row, or with the
-- defaults below, is notified as before this migration: every alert at once, by email, for their own accounts.
--   notify_when   'immediate': each notice as it happens (and the daily digest);
--                 'digest': only the daily digest, which then lists the notices held for it.
--   notify_email  notices by email to the user's own address.
--   notify_slack  notices to the Slack incoming webhook the user gave (slack_webhook; never shown back in full).
--   notify_scope  'mine': the user's own accounts; 'team' (leads): their team's accounts too.
ALTER TABLE console_user_settings
    ADD COLUMN notify_when  TEXT    NOT NULL DEFAULT 'immediate'
        CONSTRAINT console_user_settings_when CHECK (notify_when IN ('immediate', 'digest')),
    ADD COLUMN notify_email BOOLEAN NOT NULL DEFAULT true,
    ADD COLUMN notify_slack BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN slack_webhook TEXT
        CONSTRAINT console_user_settings_webhook CHECK (length(slack_webhook) <= 500),
    ADD COLUMN notify_scope TEXT    NOT NULL DEFAULT 'mine'
        CONSTRAINT console_user_settings_scope CHECK (notify_scope IN ('mine', 'team')),
    ADD CONSTRAINT console_user_settings_slack_needs_webhook CHECK (NOT notify_slack OR slack_webhook IS NOT NULL);

-- The digest lists the notices held for it since the previous day: CSM emails SKIPPED because their recipient chose
-- the digest (the note says so), found by recipient and time.
CREATE INDEX deliveries_held_for_digest ON deliveries (lower(target), created_at)
    WHERE channel = 'CSM_EMAIL' AND status = 'SKIPPED' AND last_error LIKE 'held for the daily digest%';
