-- What the console shows of a score beyond its number: the components (parallel arrays, one slot per component in
-- the record's order; a component without data has a null value and measure), the share of the model's weight that
-- had data, the calibrated risk, the model that produced it and the account's event count (last activity is the
-- latest score whose count rose). Rows stored before this migration have nulls here.
ALTER TABLE health_scores
    ADD COLUMN data_coverage       DOUBLE PRECISION,
    ADD COLUMN calibrated_risk     DOUBLE PRECISION,
    ADD COLUMN model_version       TEXT,
    ADD COLUMN event_count         BIGINT,
    ADD COLUMN component_names     TEXT[],
    ADD COLUMN component_values    DOUBLE PRECISION[],
    ADD COLUMN component_weights   DOUBLE PRECISION[],
    ADD COLUMN component_measures  TEXT[];

-- Commercial facts from billing/CRM profiles, for the portfolio and the account header.
ALTER TABLE account_profiles
    ADD COLUMN plan       TEXT,
    ADD COLUMN mrr_minor  BIGINT,
    ADD COLUMN currency   TEXT,
    ADD COLUMN seats      INT;
