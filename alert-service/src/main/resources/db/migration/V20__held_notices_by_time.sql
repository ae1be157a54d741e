-- The digest reads the notices held for it by time, for every recipient at once (V17's index led with the
-- recipient, so it could only be scanned whole); a held notice a digest has listed no longer matches.
DROP INDEX deliveries_held_for_digest;
CREATE INDEX deliveries_held_for_digest ON deliveries (created_at)
    WHERE channel = 'CSM_EMAIL' AND status = 'SKIPPED' AND last_error LIKE 'held for the daily digest%';
