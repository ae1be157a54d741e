package io.healthscore.scoring.model;

import io.healthscore.avro.HealthLevel;

/**
 * Thresholds of the churn-risk rules (SPEC §3). Defaults: SCORE_DROP 15 (suspected) / 25 (imminent) points below
 * the 7-day-ago score; INACTIVITY 14 / 30 days without login; RENEWAL_AT_RISK renewal within 90 days at LV2 or
 * below; PAYMENT_FAILED a failed payment in the last 7 days; DETRACTOR_NPS an NPS answer of 6 or less in the
 * last 7 days; USAGE_DECLINE as {@link UsageDeclineThresholds#defaults()}; RISK_RISE as
 * {@link RiskRiseThresholds#defaults()}.
 */
public record AlertThresholds(double scoreDropSuspected, double scoreDropImminent, int inactivitySuspectedDays,
                              int inactivityImminentDays, int renewalWindowDays, HealthLevel renewalMaxLevel,
                              int paymentRecentDays, int detractorMaxNps, int detractorRecentDays,
                              UsageDeclineThresholds usageDecline, RiskRiseThresholds riskRise) {

    /** The thresholds of the first seven rules, with the default RISK_RISE. */
    public AlertThresholds(double scoreDropSuspected, double scoreDropImminent, int inactivitySuspectedDays,
                           int inactivityImminentDays, int renewalWindowDays, HealthLevel renewalMaxLevel,
                           int paymentRecentDays, int detractorMaxNps, int detractorRecentDays,
                           UsageDeclineThresholds usageDecline) {
        this(scoreDropSuspected, scoreDropImminent, inactivitySuspectedDays, inactivityImminentDays, renewalWindowDays,
                renewalMaxLevel, paymentRecentDays, detractorMaxNps, detractorRecentDays, usageDecline,
                RiskRiseThresholds.defaults());
    }

    /** The thresholds of the first six rules, with the default USAGE_DECLINE. */
    public AlertThresholds(double scoreDropSuspected, double scoreDropImminent, int inactivitySuspectedDays,
                           int inactivityImminentDays, int renewalWindowDays, HealthLevel renewalMaxLevel,
                           int paymentRecentDays, int detractorMaxNps, int detractorRecentDays) {
        this(scoreDropSuspected, scoreDropImminent, inactivitySuspectedDays, inactivityImminentDays, renewalWindowDays,
                renewalMaxLevel, paymentRecentDays, detractorMaxNps, detractorRecentDays,
                UsageDeclineThresholds.defaults());
    }

    public static AlertThresholds defaults() {
        return new AlertThresholds(15, 25, 14, 30, 90, HealthLevel.LV2, 7, 6, 7);
    }

    public AlertThresholds withUsageDecline(UsageDeclineThresholds thresholds) {
        return new AlertThresholds(scoreDropSuspected, scoreDropImminent, inactivitySuspectedDays,
                inactivityImminentDays, renewalWindowDays, renewalMaxLevel, paymentRecentDays, detractorMaxNps,
                detractorRecentDays, thresholds, riskRise);
    }

    public AlertThresholds withRiskRise(RiskRiseThresholds thresholds) {
        return new AlertThresholds(scoreDropSuspected, scoreDropImminent, inactivitySuspectedDays,
                inactivityImminentDays, renewalWindowDays, renewalMaxLevel, paymentRecentDays, detractorMaxNps,
                detractorRecentDays, usageDecline, thresholds);
    }
}
