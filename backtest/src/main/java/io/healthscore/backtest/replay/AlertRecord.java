package io.healthscore.backtest.replay;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.Severity;

/** A churn-risk alert the topology raised during the replay. */
public record AlertRecord(String account, long raisedAt, AlertRule rule, Severity severity) {
}
