package io.healthscore.scoring.alert;

import java.util.Optional;

/** One churn-risk rule of SPEC §3: a finding when it fires for the account now, else empty. */
public interface ChurnRiskRule {

    Optional<RiskFinding> evaluate(RiskContext context);
}
