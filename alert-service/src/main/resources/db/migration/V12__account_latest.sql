-- The portfolio reads one row per account (latest score, level, coverage, event count and last activity) instead of
-- scanning ~90 days of scores per account. A trigger on health_scores keeps it current: an in-order score updates
-- the row directly; a late (out-of-order) score, a replayed score that changes a stored row, or a deleted latest
-- score recomputes the account's row from health_scores. Last activity is the latest score whose event count rose
-- over the score before it (the first score counts when it has events).
CREATE TABLE account_latest (
    account_id        TEXT PRIMARY KEY,
    evaluated_at      TIMESTAMPTZ      NOT NULL,
    score             DOUBLE PRECISION NOT NULL,
    level             TEXT             NOT NULL,
    data_coverage     DOUBLE PRECISION,
    event_count       BIGINT,
    last_activity_at  TIMESTAMPTZ
);

CREATE FUNCTION account_latest_recompute(acct TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO account_latest (account_id, evaluated_at, score, level, data_coverage, event_count, last_activity_at)
    SELECT h.account_id, h.evaluated_at, h.score, h.level, h.data_coverage, h.event_count,
           (SELECT max(x.evaluated_at) FROM (SELECT s.evaluated_at, s.event_count,
                   lag(s.event_count) OVER (ORDER BY s.evaluated_at) AS previous
                   FROM health_scores s WHERE s.account_id = acct) x
             WHERE x.event_count > COALESCE(x.previous, 0))
      FROM health_scores h WHERE h.account_id = acct ORDER BY h.evaluated_at DESC LIMIT 1
    ON CONFLICT (account_id) DO UPDATE SET evaluated_at = EXCLUDED.evaluated_at, score = EXCLUDED.score,
        level = EXCLUDED.level, data_coverage = EXCLUDED.data_coverage, event_count = EXCLUDED.event_count,
        last_activity_at = EXCLUDED.last_activity_at;
    IF NOT FOUND THEN
        DELETE FROM account_latest WHERE account_id = acct;
    END IF;
END;
$$;

CREATE FUNCTION account_latest_on_score() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cur account_latest%ROWTYPE;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT * INTO cur FROM account_latest WHERE account_id = NEW.account_id FOR UPDATE;
        IF NOT FOUND THEN
            INSERT INTO account_latest (account_id, evaluated_at, score, level, data_coverage, event_count,
                                        last_activity_at)
            VALUES (NEW.account_id, NEW.evaluated_at, NEW.score, NEW.level, NEW.data_coverage, NEW.event_count,
                    CASE WHEN NEW.event_count > 0 THEN NEW.evaluated_at END)
            ON CONFLICT (account_id) DO NOTHING;
            IF FOUND THEN
                RETURN NULL;
            END IF;
        ELSIF NEW.evaluated_at > cur.evaluated_at THEN
            UPDATE account_latest SET evaluated_at = NEW.evaluated_at, score = NEW.score, level = NEW.level,
                data_coverage = NEW.data_coverage, event_count = NEW.event_count,
                last_activity_at = CASE WHEN NEW.event_count > COALESCE(cur.event_count, 0) THEN NEW.evaluated_at
                                        ELSE cur.last_activity_at END
             WHERE account_id = NEW.account_id;
            RETURN NULL;
        END IF;
        PERFORM account_latest_recompute(NEW.account_id);
        RETURN NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM account_latest_recompute(NEW.account_id);
        IF OLD.account_id IS DISTINCT FROM NEW.account_id THEN
            PERFORM account_latest_recompute(OLD.account_id);
        END IF;
        RETURN NULL;
    END IF;
    -- DELETE: score retention removes old scores; only the loss of the latest one changes the row.
    SELECT * INTO cur FROM account_latest WHERE account_id = OLD.account_id;
    IF FOUND AND OLD.evaluated_at >= cur.evaluated_at THEN
        PERFORM account_latest_recompute(OLD.account_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER health_scores_account_latest AFTER INSERT OR UPDATE OR DELETE ON health_scores
    FOR EACH ROW EXECUTE FUNCTION account_latest_on_score();

INSERT INTO account_latest (account_id, evaluated_at, score, level, data_coverage, event_count, last_activity_at)
SELECT DISTINCT ON (h.account_id) h.account_id, h.evaluated_at, h.score, h.level, h.data_coverage, h.event_count,
       (SELECT max(x.evaluated_at) FROM (SELECT s.evaluated_at, s.event_count,
               lag(s.event_count) OVER (ORDER BY s.evaluated_at) AS previous
               FROM health_scores s WHERE s.account_id = h.account_id) x
         WHERE x.event_count > COALESCE(x.previous, 0))
  FROM health_scores h ORDER BY h.account_id, h.evaluated_at DESC;

-- Scope, filters and sorts of the portfolio (the page reads at most 50 rows after them).
CREATE INDEX account_profiles_owner ON account_profiles (lower(csm_owner));
CREATE INDEX account_profiles_renewal ON account_profiles (renewal_date);
CREATE INDEX account_latest_level_score ON account_latest (level, score);
CREATE INDEX alerts_open_account ON alerts (account_id) WHERE status = 'OPEN';
