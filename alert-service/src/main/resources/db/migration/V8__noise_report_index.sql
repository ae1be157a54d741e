-- The noise report reads alerts by raised_at over at most 52 weeks; no other index starts with raised_at.
CREATE INDEX alerts_raised_at ON alerts (raised_at);
