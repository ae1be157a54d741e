package io.healthscore.scoring.alert;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.Severity;
import java.util.List;

/** A rule that fired: which, how severe, and why in words. */
public record RiskFinding(AlertRule rule, Severity severity, List<String> reasons) {
}
