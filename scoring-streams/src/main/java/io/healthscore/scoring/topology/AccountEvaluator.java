package io.healthscore.scoring.topology;

import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.Direction;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.ScoringConfig;
import io.healthscore.scoring.alert.AlertCooldown;
import io.healthscore.scoring.alert.ChurnRiskRule;
import io.healthscore.scoring.alert.DetractorNpsRule;
import io.healthscore.scoring.alert.InactivityRule;
import io.healthscore.scoring.alert.LevelDownRule;
import io.healthscore.scoring.alert.PaymentFailedRule;
import io.healthscore.scoring.alert.RenewalAtRiskRule;
import io.healthscore.scoring.alert.RiskContext;
import io.healthscore.scoring.alert.RiskFinding;
import io.healthscore.scoring.alert.RiskRiseRule;
import io.healthscore.scoring.alert.ScoreDropRule;
import io.healthscore.scoring.alert.UsageDeclineRule;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.score.AccountClock;
import io.healthscore.scoring.score.Evaluation;
import io.healthscore.scoring.score.HealthScoreCalculator;
import io.healthscore.scoring.score.LevelHysteresis;
import io.healthscore.scoring.score.ReasonWriter;
import io.healthscore.scoring.state.AccountState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Re-evaluates one account at "now" and updates its state: expire what left the windows, score it, apply level
 * hysteresis, take the 7-day delta, and decide what to publish. A score is published when there is none yet,
 * when |score - last published| &ge; emitStep, when the level changes or when the model version changes; a
 * transition when the level changes; an alert for each rule that fires and passes its cooldown.
 */
public final class AccountEvaluator {

    private final ScoringConfig config;
    private final ScoringModel model;
    private final HealthScoreCalculator calculator = HealthScoreCalculator.standard();
    private final LevelHysteresis hysteresis;
    private final ReasonWriter reasons;
    private final AlertCooldown cooldown;
    private final List<ChurnRiskRule> rules = List.of(new ScoreDropRule(), new LevelDownRule(), new InactivityRule(),
            new RenewalAtRiskRule(), new PaymentFailedRule(), new DetractorNpsRule(), new UsageDeclineRule(),
            new RiskRiseRule());

    public AccountEvaluator(ScoringConfig config) {
        this.config = config;
        this.model = config.model();
        this.hysteresis = new LevelHysteresis(model.levels());
        this.reasons = new ReasonWriter(config.maxReasons());
        this.cooldown = new AlertCooldown(model.alertCooldown());
    }

    public EvaluationOutcome evaluate(String accountId, AccountState state, long nowMillis) {
        AccountClock clock = new AccountClock(nowMillis);
        long today = clock.today();
        state.expireDays(today, config.limits());
        state.expireSignals(clock.daysAgo(model.components().ticketWindowDays()),
                clock.daysAgo(model.components().paymentWindowDays()));
        Optional<Evaluation> maybe = calculator.evaluate(state, model, clock);
        if (maybe.isEmpty()) {
            return EvaluationOutcome.NOTHING;
        }
        Evaluation evaluation = maybe.get();
        double score = evaluation.score();
        // An account known only from signals (a payment, an NPS answer) has a score from those components alone;
        // its first usage-backed score starts its level and score history afresh, so that "no usage data yet"
        // does not read as a fall (LV4 -> LV1 and an IMMINENT alert the day a new account first logs in).
        if (state.hasScore() && usageBacked(evaluation.values().keySet()) && !usageBacked(state.lastComponents().keySet())) {
            state.restartHistory();
        }
        HealthLevel previousLevel = state.lastLevel();
        HealthLevel level = hysteresis.levelFor(score, previousLevel);
        Double scoreWeekAgo = state.scoreOnOrBefore(today - 7);
        Double delta7d = scoreWeekAgo == null ? null : Math.round((score - scoreWeekAgo) * 10) / 10.0;
        state.recordDailyScore(today, score, config.limits());

        Optional<HealthScore> published = Optional.empty();
        Optional<LevelTransition> transition = Optional.empty();
        boolean moved = !state.hasScore() || Math.abs(score - state.lastScore()) >= model.emitStep()
                || level != previousLevel || !model.version().equals(state.lastModelVersion());
        if (moved) {
            List<String> why = reasons.reasons(evaluation, state.lastComponents());
            Double previousScore = state.hasScore() ? state.lastScore() : null;
            published = Optional.of(HealthScore.newBuilder()
                    .setAccountId(accountId).setScore(score).setPreviousScore(previousScore)
                    .setLevel(level).setPreviousLevel(previousLevel).setDelta7d(delta7d)
                    .setDataCoverage(evaluation.dataCoverage()).setComponents(evaluation.components())
                    .setReasons(why).setSegment(state.segment()).setCoverageModel(state.coverageModel())
                    .setModelVersion(model.version()).setEventCount(state.eventsCounted())
                    .setEvaluatedAt(Instant.ofEpochMilli(nowMillis)).setCalibratedRisk(model.levels().riskAt(score))
                    .build());
            if (previousLevel != null && level != previousLevel) {
                transition = Optional.of(LevelTransition.newBuilder()
                        .setAccountId(accountId).setFromLevel(previousLevel).setToLevel(level)
                        .setDirection(level.ordinal() > previousLevel.ordinal() ? Direction.UP : Direction.DOWN)
                        .setScore(score).setPreviousScore(previousScore).setReasons(why)
                        .setSegment(state.segment()).setCoverageModel(state.coverageModel())
                        .setModelVersion(model.version()).setTransitionedAt(Instant.ofEpochMilli(nowMillis))
                        .build());
            }
            state.published(score, level, model.version(), evaluation.values(), why, nowMillis);
        }
        RiskContext context = new RiskContext(state, score, level, previousLevel, delta7d, model, clock);
        List<ChurnRiskAlert> alerts = new ArrayList<>();
        for (ChurnRiskRule rule : rules) {
            rule.evaluate(context).ifPresent(finding -> cooldown.admit(accountId, finding, state, nowMillis)
                    .ifPresent(alertId -> alerts.add(alert(alertId, accountId, finding, context, nowMillis))));
        }
        return new EvaluationOutcome(published, transition, alerts);
    }

    private ChurnRiskAlert alert(String alertId, String accountId, RiskFinding finding, RiskContext c, long now) {
        return ChurnRiskAlert.newBuilder()
                .setAlertId(alertId).setAccountId(accountId).setRule(finding.rule()).setSeverity(finding.severity())
                .setScore(c.score()).setLevel(c.level()).setPreviousLevel(c.previousLevel()).setDelta7d(c.delta7d())
                .setReasons(finding.reasons()).setRenewalDate(c.state().renewalDate())
                .setCsmOwnerEmail(c.state().csmOwnerEmail()).setCoverageModel(c.state().coverageModel())
                .setSegment(c.state().segment()).setModelVersion(model.version()).setRaisedAt(Instant.ofEpochMilli(now))
                .build();
    }

    private static boolean usageBacked(java.util.Set<ScoreComponent> withData) {
        return withData.contains(ScoreComponent.ACTIVITY) || withData.contains(ScoreComponent.LOGIN_FREQUENCY)
                || withData.contains(ScoreComponent.FEATURE_ADOPTION);
    }
}
