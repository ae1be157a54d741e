package io.healthscore.backtest.fit;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.model.AlertThresholds;
import io.healthscore.scoring.model.ComponentParameters;
import io.healthscore.scoring.model.ExpansionThresholds;
import io.healthscore.scoring.model.LevelThresholds;
import io.healthscore.scoring.model.RiskCalibration;
import io.healthscore.scoring.model.ScoringModel;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a {@link ScoringModel} as a complete model file in the format {@code ScoringModelLoader} reads (every field
 * spelled out, so the proposal can be diffed against the model in force and loaded as it is).
 */
public final class ModelYaml {

    private ModelYaml() {
    }

    public static String write(ScoringModel model, List<String> headerComments) {
        StringBuilder y = new StringBuilder();
        headerComments.forEach(line -> y.append("# ").append(line).append('\n'));
        y.append("modelVersion: ").append(quote(model.version())).append("\n\n");
        y.append("weights:\n");
        weights(y, model.weights(), "  ");
        if (!model.segmentWeights().isEmpty()) {
            y.append("\nsegments:\n");
            model.segmentWeights().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                y.append("  ").append(quote(e.getKey())).append(":\n    weights:\n");
                weights(y, e.getValue(), "      ");
            });
        }
        y.append("\nkeyFeatures: ").append(list(model.keyFeatures())).append('\n');
        y.append("onboardingSteps: ").append(list(model.requiredOnboardingSteps())).append("\n\n");
        ComponentParameters c = model.components();
        y.append("components:\n")
                .append("  targetLoginDays: ").append(c.targetLoginDays()).append('\n')
                .append("  ticketPenalty: ").append(num(c.ticketPenalty())).append('\n')
                .append("  ticketWindowDays: ").append(c.ticketWindowDays()).append('\n')
                .append("  paymentPenalty: ").append(num(c.paymentPenalty())).append('\n')
                .append("  paymentWindowDays: ").append(c.paymentWindowDays()).append('\n')
                .append("  promoterScore: ").append(num(c.promoterScore())).append('\n')
                .append("  passiveScore: ").append(num(c.passiveScore())).append('\n')
                .append("  detractorScore: ").append(num(c.detractorScore())).append('\n')
                .append("  npsMaxAgeDays: ").append(c.npsMaxAgeDays()).append("\n\n");
        levels(y, model.levels());
        AlertThresholds a = model.alerts();
        y.append("alerts:\n")
                .append("  cooldownDays: ").append(model.alertCooldown().toDays()).append('\n')
                .append("  scoreDrop: {suspected: ").append(num(a.scoreDropSuspected())).append(", imminent: ")
                .append(num(a.scoreDropImminent())).append("}\n")
                .append("  inactivityDays: {suspected: ").append(a.inactivitySuspectedDays()).append(", imminent: ")
                .append(a.inactivityImminentDays()).append("}\n")
                .append("  renewal: {withinDays: ").append(a.renewalWindowDays()).append(", maxLevel: ")
                .append(a.renewalMaxLevel()).append("}\n")
                .append("  paymentFailed: {recentDays: ").append(a.paymentRecentDays()).append("}\n")
                .append("  detractorNps: {maxScore: ").append(a.detractorMaxNps()).append(", recentDays: ")
                .append(a.detractorRecentDays()).append("}\n")
                .append("  usageDecline: {windowDays: ").append(a.usageDecline().windowDays()).append(", suspected: ")
                .append(num(a.usageDecline().suspected())).append(", imminent: ").append(num(a.usageDecline().imminent()))
                .append(", minUserDays: ").append(a.usageDecline().minUserDays()).append("}\n")
                .append("  riskRise: {windowDays: ").append(a.riskRise().windowDays()).append(", minRise: ")
                .append(num(a.riskRise().minRise())).append(", suspected: ").append(num(a.riskRise().suspected()))
                .append(", imminent: ").append(num(a.riskRise().imminent())).append("}\n\n");
        ExpansionThresholds e = model.expansion();
        y.append("expansion:\n")
                .append("  enabled: ").append(e.enabled()).append('\n')
                .append("  cooldownDays: ").append(e.cooldown().toDays()).append('\n')
                .append("  seatsExceeded: {windowDays: ").append(e.seatsWindowDays()).append(", margin: ")
                .append(num(e.seatsMargin())).append(", minExtraUsers: ").append(e.seatsMinExtraUsers()).append("}\n")
                .append("  risingAdoption: {level: ").append(e.adoptionLevel()).append(", sustainedDays: ")
                .append(e.adoptionSustainedDays()).append(", windowDays: ").append(e.adoptionWindowDays())
                .append(", minGrowth: ").append(num(e.adoptionMinGrowth())).append(", minUserDays: ")
                .append(e.adoptionMinUserDays()).append("}\n\n");
        y.append("emitStep: ").append(num(model.emitStep())).append('\n');
        return y.toString();
    }

    private static void levels(StringBuilder y, LevelThresholds l) {
        RiskCalibration c = l.calibration();
        y.append(c == null ? "# Uncalibrated: fixed score bands that state no churn risk.\n"
                : "# Calibrated: each level is a band of P(churn within " + c.horizonDays() + " days); the boundaries are "
                        + "where the table's risk falls below each band.\n");
        y.append("levels:\n  lv2: ").append(num(l.lv2())).append("\n  lv3: ").append(num(l.lv3()))
                .append("\n  lv4: ").append(num(l.lv4())).append("\n  hysteresis: ").append(num(l.hysteresis()))
                .append('\n');
        if (c != null) {
            y.append("  calibration:\n    horizonDays: ").append(c.horizonDays()).append('\n')
                    .append("    riskBands: {lv1: ").append(num(c.lv1MinRisk())).append(", lv2: ")
                    .append(num(c.lv2MinRisk())).append(", lv3: ").append(num(c.lv3MinRisk())).append("}\n");
            if (!c.fittedOn().isEmpty()) {
                y.append("    fittedOn: ").append(quote(c.fittedOn())).append('\n');
            }
            y.append("    table:   # score -> P(churn within horizonDays); risk never rises with the score\n");
            for (RiskCalibration.Point p : c.table()) {
                y.append("      - {score: ").append(num(p.score())).append(", risk: ").append(num(p.risk())).append("}\n");
            }
        }
        y.append('\n');
    }

    private static void weights(StringBuilder y, Map<ScoreComponent, Double> weights, String indent) {
        for (ScoreComponent c : ScoreComponent.values()) {
            if (weights.containsKey(c)) {
                y.append(indent).append(yamlName(c)).append(": ").append(num(weights.get(c))).append('\n');
            }
        }
    }

    /** ACTIVITY -> activity, LOGIN_FREQUENCY -> loginFrequency (the model file's names). */
    public static String yamlName(ScoreComponent component) {
        String[] parts = component.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder name = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            name.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return name.toString();
    }

    private static String list(Collection<String> values) {
        return values.stream().sorted().map(ModelYaml::quote).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String num(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        return String.valueOf(Math.round(value * 10_000) / 10_000.0);
    }
}
