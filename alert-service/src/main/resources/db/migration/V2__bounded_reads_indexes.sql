-- Score retention deletes the oldest scores in batches (HistoryRepository.deleteScoresBefore); without an index on
-- the evaluation time each batch would scan the whole table.
CREATE INDEX health_scores_evaluated_at ON health_scores (evaluated_at);

-- Timeline pages and the escalation email read an account's newest alerts first, LIMIT n.
CREATE INDEX alerts_account_raised ON alerts (account_id, raised_at);
