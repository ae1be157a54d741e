package io.healthscore.alert.evidence;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a backtest report ({@code report.json} of the backtest module) says about the alert rules and the levels of
 * the model it replayed: per rule and severity its precision, recall and lead before churn, and whether the model's
 * levels are calibrated churn risk. Loaded by an operator ({@link EvidenceService}); shown next to each alert.
 *
 * @param sha256       of the report's bytes, so loading the same report twice is recognised
 * @param modelVersion the model the backtest replayed (the report's {@code inputs.modelVersion})
 * @param calibrated   whether that model's levels are calibrated risk bands ({@code levels.model.calibrated})
 * @param horizonDays  "churn within" this many days, the horizon of precision and recall
 * @param churners     churners in the evaluation, the denominator of each rule's recall
 */
public record BacktestEvidence(String sha256, @Nullable Instant generatedAt, String modelVersion, boolean calibrated,
                               int horizonDays, @Nullable Double baseRate, int churners, @Nullable Instant firstMidnight,
                               @Nullable Instant lastMidnight, @Nullable String events, List<RuleRecord> rules) {

    /**
     * One rule and severity's record: of its {@code alerts} judged, {@code hits} were followed by churn within the
     * horizon ({@code precision}); {@code churnersWarned} of the churners had one before churning ({@code recall});
     * the lead from that first alert to churn, in days (median, quartiles; null when it warned no churner).
     */
    @io.micronaut.serde.annotation.Serdeable
    public record RuleRecord(String rule, String severity, int alerts, int hits, @Nullable Double precision,
                             int churnersWarned, @Nullable Double recall, @Nullable Double medianLeadDays,
                             @Nullable Double p25LeadDays, @Nullable Double p75LeadDays) {
    }

    /** The record of alerts of {@code rule} at {@code severity}, when the backtest measured it. */
    public Optional<RuleRecord> recordOf(String rule, String severity) {
        return rules.stream().filter(r -> r.rule().equals(rule) && r.severity().equals(severity)).findFirst();
    }
}
