package io.healthscore.scoring.alert;

import io.healthscore.scoring.model.RiskCalibration;

/**
 * How far an account's calibrated churn risk rose over w complete days (w = riskRise.windowDays, 7 by default):
 * riskNow = risk(the last score of yesterday), riskBefore = risk(the last score of day yesterday-w, or of the latest
 * earlier day kept), rise = riskNow - riskBefore, where risk is the calibration's P(churn within its horizon) at a
 * score. Today, not yet complete, is left out. Only a calibrated model states a risk, so an uncalibrated one measures
 * nothing; nor does an account without a score that old.
 */
public record RiskRise(double riskBefore, double riskNow, double rise) {

    /** The measure from a score then and now, under a calibration; null when either is missing. */
    public static RiskRise between(Double scoreBefore, double scoreNow, RiskCalibration calibration) {
        if (calibration == null || scoreBefore == null || Double.isNaN(scoreBefore) || Double.isNaN(scoreNow)) {
            return null;
        }
        double before = calibration.risk(scoreBefore);
        double now = calibration.risk(scoreNow);
        return new RiskRise(before, now, now - before);
    }
}
