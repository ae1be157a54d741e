package io.healthscore.scoring.model;

/**
 * The tunable measures behind the component formulas (see each {@code score.*Component} class). Defaults:
 * 20 login days of 28 score 100; each open high-priority ticket in 30 days costs 25 points; each failed
 * payment in 60 days costs 50 points; NPS promoter/passive/detractor score 100/60/10 for 180 days.
 */
public record ComponentParameters(int targetLoginDays, double ticketPenalty, int ticketWindowDays,
                                  double paymentPenalty, int paymentWindowDays, double promoterScore,
                                  double passiveScore, double detractorScore, int npsMaxAgeDays) {

    public static ComponentParameters defaults() {
        return new ComponentParameters(20, 25, 30, 50, 60, 100, 60, 10, 180);
    }
}
