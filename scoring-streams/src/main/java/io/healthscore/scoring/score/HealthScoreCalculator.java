package io.healthscore.scoring.score;

import io.healthscore.avro.ComponentScore;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.state.AccountState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * score = sum(w_i * s_i) / sum(w_i) over the components i that have data, w_i the segment's weight of i;
 * dataCoverage = sum(w_i with data) / sum(all w_i). Components without data are left out (renormalised) so that
 * "no data" never reads as "bad". Empty when no component has data.
 */
public final class HealthScoreCalculator {

    private final List<ComponentRule> rules;

    public HealthScoreCalculator(List<ComponentRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The eight SPEC §3 components. */
    public static HealthScoreCalculator standard() {
        return new HealthScoreCalculator(List.of(new ActivityComponent(), new LoginFrequencyComponent(),
                new FeatureAdoptionComponent(), new TrendComponent(), new OnboardingComponent(),
                new SupportComponent(), new SentimentComponent(), new PaymentComponent()));
    }

    public Optional<Evaluation> evaluate(AccountState state, ScoringModel model, AccountClock clock) {
        double weighted = 0;
        double usedWeight = 0;
        double totalWeight = 0;
        List<ComponentScore> components = new ArrayList<>();
        Map<ScoreComponent, Double> values = new EnumMap<>(ScoreComponent.class);
        Map<ScoreComponent, String> measures = new EnumMap<>(ScoreComponent.class);
        Map<ScoreComponent, Double> weights = new EnumMap<>(ScoreComponent.class);
        for (ComponentRule rule : rules) {
            double weight = model.weight(rule.component(), state.segment());
            totalWeight += weight;
            weights.put(rule.component(), weight);
            Optional<ComponentValue> value = rule.evaluate(state, model, clock);
            if (value.isPresent() && weight > 0) {
                double v = round(value.get().value());
                weighted += weight * v;
                usedWeight += weight;
                values.put(rule.component(), v);
                measures.put(rule.component(), value.get().measure());
            }
            components.add(new ComponentScore(rule.component(), value.map(c -> round(c.value())).orElse(null),
                    weight, value.map(ComponentValue::measure).orElse(null)));
        }
        if (usedWeight == 0) {
            return Optional.empty();
        }
        double coverage = Math.round(usedWeight / totalWeight * 1000) / 1000.0;
        return Optional.of(new Evaluation(round(weighted / usedWeight), coverage, components, values, measures,
                weights));
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
