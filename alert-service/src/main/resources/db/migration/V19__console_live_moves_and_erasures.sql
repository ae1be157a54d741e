-- V15 announced a profile update to its new owner only, and no deletion at all. An account that moves to another CSM
-- is now announced to both owners (the old owner's pages drop it, the new owner's gain it), and an erased account's
-- profile and alerts are announced to the owner they had, so open pages stop showing them. Score retention deletes
-- old scores, never an account's latest: it changes no page's figures now and stays unannounced.
CREATE FUNCTION console_live_announce_moves() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('console_live', json_build_object('kind', 'profile', 'account', c.account_id,
                                                        'owner', c.owner)::text)
       FROM (SELECT DISTINCT account_id, CASE WHEN octet_length(csm_owner) <= 600 THEN lower(csm_owner) END AS owner
               FROM (SELECT account_id, csm_owner FROM old_rows UNION ALL SELECT account_id, csm_owner FROM new_rows) r
              WHERE octet_length(account_id) <= 600) c;
    RETURN NULL;
END;
$$;

-- The owner a deleted row had: its account's profile's while the profile is still there (as the pages decide), else
-- the row's own.
CREATE FUNCTION console_live_announce_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('console_live', json_build_object('kind', TG_ARGV[0], 'account', c.account_id,
                                                        'owner', CASE WHEN p.csm_owner IS NULL THEN c.owner
                                                                      WHEN octet_length(p.csm_owner) <= 600
                                                                      THEN lower(p.csm_owner) END)::text)
       FROM (SELECT DISTINCT account_id, CASE WHEN octet_length(csm_owner) <= 600 THEN lower(csm_owner) END AS owner
               FROM old_rows WHERE octet_length(account_id) <= 600) c
       LEFT JOIN account_profiles p ON p.account_id = c.account_id;
    RETURN NULL;
END;
$$;

DROP TRIGGER account_profiles_live_update ON account_profiles;
CREATE TRIGGER account_profiles_live_update AFTER UPDATE ON account_profiles
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION console_live_announce_moves();
CREATE TRIGGER account_profiles_live_delete AFTER DELETE ON account_profiles REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION console_live_announce_gone('profile');
CREATE TRIGGER alerts_live_delete AFTER DELETE ON alerts REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION console_live_announce_gone('alert');
