package io.healthscore.scoring.state;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.avro.Severity;
import java.util.List;
import java.util.Map;

/**
 * The codes stored for every enum an account's state holds. They are forever: RocksDB and the changelog hold
 * them for every account. Never change or reuse a code; a new symbol gets the next free one (and a line in
 * {@code StateCodesTest}), wherever the schema declares it. The first codes are the ordinals formats 1 and 2 were
 * written with, so those formats read unchanged.
 */
final class StateCodes {

    static final CodeTable<CoverageModel> COVERAGE_MODEL = CodeTable.of(CoverageModel.class, Map.of(
            CoverageModel.HIGH_TOUCH, 0,
            CoverageModel.LOW_TOUCH, 1,
            CoverageModel.TECH_TOUCH, 2));

    static final CodeTable<HealthLevel> HEALTH_LEVEL = CodeTable.of(HealthLevel.class, Map.of(
            HealthLevel.LV1, 0,
            HealthLevel.LV2, 1,
            HealthLevel.LV3, 2,
            HealthLevel.LV4, 3));

    static final CodeTable<ScoreComponent> SCORE_COMPONENT = CodeTable.of(ScoreComponent.class, Map.of(
            ScoreComponent.ACTIVITY, 0,
            ScoreComponent.LOGIN_FREQUENCY, 1,
            ScoreComponent.FEATURE_ADOPTION, 2,
            ScoreComponent.TREND, 3,
            ScoreComponent.ONBOARDING, 4,
            ScoreComponent.SUPPORT, 5,
            ScoreComponent.SENTIMENT, 6,
            ScoreComponent.PAYMENT, 7));

    static final CodeTable<AlertRule> ALERT_RULE = CodeTable.of(AlertRule.class, Map.of(
            AlertRule.SCORE_DROP, 0,
            AlertRule.LEVEL_DOWN, 1,
            AlertRule.INACTIVITY, 2,
            AlertRule.RENEWAL_AT_RISK, 3,
            AlertRule.PAYMENT_FAILED, 4,
            AlertRule.DETRACTOR_NPS, 5,
            AlertRule.OTHER, 6,
            AlertRule.USAGE_DECLINE, 7,
            AlertRule.RISK_RISE, 8));

    static final CodeTable<Severity> SEVERITY = CodeTable.of(Severity.class, Map.of(
            Severity.SUSPECTED, 0,
            Severity.IMMINENT, 1));

    private StateCodes() {
    }

    static List<CodeTable<?>> all() {
        return List.of(COVERAGE_MODEL, HEALTH_LEVEL, SCORE_COMPONENT, ALERT_RULE, SEVERITY);
    }
}
