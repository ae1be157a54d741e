-- Backtest reports loaded by operators (a file named in evidence.report-file, or PUT /reports/backtest): what the
-- console shows next to each alert. The report loaded last (loaded_at) is the current one; loading the same bytes
-- again (sha256) makes that report current again instead of storing it twice.
CREATE TABLE backtest_reports (
    id             BIGSERIAL        PRIMARY KEY,
    sha256         TEXT             NOT NULL UNIQUE,
    source         TEXT             NOT NULL CONSTRAINT backtest_reports_source CHECK (source IN ('file', 'upload')),
    loaded_by      TEXT             NOT NULL,
    loaded_at      TIMESTAMPTZ      NOT NULL,
    generated_at   TIMESTAMPTZ,
    model_version  TEXT             NOT NULL,
    calibrated     BOOLEAN          NOT NULL,
    horizon_days   INT              NOT NULL,
    base_rate      DOUBLE PRECISION,
    churners       INT              NOT NULL,
    first_midnight TIMESTAMPTZ,
    last_midnight  TIMESTAMPTZ,
    events         TEXT
);
CREATE INDEX backtest_reports_loaded ON backtest_reports (loaded_at DESC);

-- Each rule and severity's record in a report: precision over its judged alerts, recall over the churners, the lead
-- from the first alert to churn in days (null when it warned no churner).
CREATE TABLE backtest_rule_evidence (
    report_id        BIGINT           NOT NULL REFERENCES backtest_reports (id) ON DELETE CASCADE,
    rule             TEXT             NOT NULL,
    severity         TEXT             NOT NULL,
    alerts           INT              NOT NULL,
    hits             INT              NOT NULL,
    precision        DOUBLE PRECISION,
    churners_warned  INT              NOT NULL,
    recall           DOUBLE PRECISION,
    median_lead_days DOUBLE PRECISION,
    p25_lead_days    DOUBLE PRECISION,
    p75_lead_days    DOUBLE PRECISION,
    PRIMARY KEY (report_id, rule, severity)
);
