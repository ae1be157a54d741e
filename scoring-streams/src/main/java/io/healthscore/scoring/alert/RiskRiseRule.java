package io.healthscore.scoring.alert;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.Severity;
import io.healthscore.scoring.model.RiskCalibration;
import io.healthscore.scoring.model.RiskRiseThresholds;
import java.util.List;
import java.util.Optional;

/**
 * RISK_RISE: the account's calibrated churn risk at the end of yesterday rose by at least riskRise.minRise (0.10)
 * against the end of the day riskRise.windowDays (7) days before ({@link RiskRise}) and stands at riskRise.imminent (0.5) or more IMMINENT, else at riskRise.suspected
 * (0.25) or more SUSPECTED. Silent under uncalibrated levels: score bands state no risk to watch rise. It warns of an
 * account whose whole picture is worsening, not only its use, before its level has fallen.
 */
public final class RiskRiseRule implements ChurnRiskRule {

    @Override
    public Optional<RiskFinding> evaluate(RiskContext c) {
        RiskCalibration calibration = c.model().levels().calibration();
        if (calibration == null) {
            return Optional.empty();
        }
        RiskRiseThresholds t = c.model().alerts().riskRise();
        // Complete days only, as USAGE_DECLINE: a morning's score, before the day's use has come in, would read as a
        // rise and fire on accounts whose days end as they always do.
        long yesterday = c.clock().today() - 1;
        Double now = c.state().scoreOnOrBefore(yesterday);
        RiskRise r = now == null ? null
                : RiskRise.between(c.state().scoreOnOrBefore(yesterday - t.windowDays()), now, calibration);
        if (r == null || r.rise() < t.minRise() - 1e-9) {
            return Optional.empty();
        }
        Severity severity = r.riskNow() >= t.imminent() - 1e-9 ? Severity.IMMINENT
                : r.riskNow() >= t.suspected() - 1e-9 ? Severity.SUSPECTED : null;
        if (severity == null) {
            return Optional.empty();
        }
        return Optional.of(new RiskFinding(AlertRule.RISK_RISE, severity, List.of(
                "churn risk within " + calibration.horizonDays() + " days rose from " + percent(r.riskBefore())
                        + " to " + percent(r.riskNow()) + " in " + t.windowDays() + " days (calibrated)")));
    }

    private static String percent(double risk) {
        return Math.round(risk * 1000) / 10.0 + "%";
    }
}
