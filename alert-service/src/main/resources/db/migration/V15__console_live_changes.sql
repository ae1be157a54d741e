-- The console's open pages update live: every committed change to what they show is announced on the channel
-- console_live (NOTIFY is delivered at commit, never for a rolled-back transaction), one notification per account and
-- kind for each statement, carrying the account and its owner (lower case) so that each service instance can pass it
-- only to the people whose scope covers that owner (an id too long for a notification, which no real id is, goes
-- unannounced rather than failing the write). The payload names no score, alert text or contact: a page that
-- hears of a change fetches itself again, through the same checks as any request.
CREATE FUNCTION console_live_announce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('console_live', json_build_object('kind', TG_ARGV[0], 'account', c.account_id,
                                                        'owner', CASE WHEN octet_length(p.csm_owner) <= 600
                                                                      THEN lower(p.csm_owner) END)::text)
       FROM (SELECT DISTINCT account_id FROM changed WHERE octet_length(account_id) <= 600) c
       LEFT JOIN account_profiles p ON p.account_id = c.account_id;
    RETURN NULL;
END;
$$;

-- Alerts carry their own owner: it counts when the account has no profile (yet).
CREATE FUNCTION console_live_announce_alerts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The profile's owner when it names one (as the pages decide), else the alert's; one too long for the payload
    -- is nobody's rather than the other one's.
    PERFORM pg_notify('console_live', json_build_object('kind', 'alert', 'account', c.account_id,
                                                        'owner', CASE WHEN p.csm_owner IS NULL THEN c.owner
                                                                      WHEN octet_length(p.csm_owner) <= 600
                                                                      THEN lower(p.csm_owner) END)::text)
       FROM (SELECT DISTINCT account_id, CASE WHEN octet_length(csm_owner) <= 600 THEN lower(csm_owner) END AS owner
               FROM changed WHERE octet_length(account_id) <= 600) c
       LEFT JOIN account_profiles p ON p.account_id = c.account_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER health_scores_live AFTER INSERT ON health_scores REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION console_live_announce('score');
CREATE TRIGGER level_transitions_live AFTER INSERT ON level_transitions REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION console_live_announce('level');
CREATE TRIGGER account_notes_live AFTER INSERT ON account_notes REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION console_live_announce('note');
CREATE TRIGGER account_profiles_live_insert AFTER INSERT ON account_profiles REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION console_live_announce('profile');
CREATE TRIGGER account_profiles_live_update AFTER UPDATE ON account_profiles REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION console_live_announce('profile');
CREATE TRIGGER alerts_live_insert AFTER INSERT ON alerts REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION console_live_announce_alerts();
CREATE TRIGGER alerts_live_update AFTER UPDATE ON alerts REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION console_live_announce_alerts();
