package io.healthscore.backtest.report;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.backtest.fit.ModelYaml;
import io.healthscore.backtest.fit.WeightFit;
import io.healthscore.backtest.metrics.AlertQuality;
import io.healthscore.backtest.metrics.Auc;
import io.healthscore.backtest.metrics.LeadTimeAuc;
import io.healthscore.backtest.metrics.LevelChurnRates;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the report's charts as PNG files with XChart, off screen: ROC curves of the score k days before churn,
 * churn rate per level, the lead-time histogram, and (after a fit) default vs fitted weights.
 */
public final class Charts {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 440;
    private static final int LEAD_BIN_DAYS = 3;

    private Charts() {
    }

    /** Draws every chart the results allow into {@code dir}; returns the file names written. */
    public static List<String> draw(Map<Integer, LeadTimeAuc.Result> scoreAuc, LevelChurnRates.Result levels,
                                    AlertQuality.Result alerts, int horizonDays, WeightFit.Result fit, Path dir)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> written = new ArrayList<>();
        save(roc(scoreAuc), dir, "roc.png", written);
        save(levels(levels, horizonDays), dir, "churn-by-level.png", written);
        if (!alerts.leadDays().isEmpty()) {
            save(leadTimes(alerts, horizonDays), dir, "lead-time.png", written);
        }
        if (fit != null) {
            save(weights(fit), dir, "weights.png", written);
        }
        return written;
    }

    private static XYChart roc(Map<Integer, LeadTimeAuc.Result> scoreAuc) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("ROC: score k days before churn")
                .xAxisTitle("share of non-churners flagged (FPR)").yAxisTitle("share of churners flagged (TPR)").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE)
                .setChartBackgroundColor(Color.WHITE);
        XYSeries chance = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
        chance.setMarker(SeriesMarkers.NONE);
        chance.setLineColor(Color.LIGHT_GRAY);
        for (LeadTimeAuc.Result r : scoreAuc.values()) {
            List<Auc.RocPoint> roc = r.auc().roc();
            if (roc.size() < 2) {
                continue;
            }
            double[] x = roc.stream().mapToDouble(Auc.RocPoint::falsePositiveRate).toArray();
            double[] y = roc.stream().mapToDouble(Auc.RocPoint::truePositiveRate).toArray();
            chart.addSeries(String.format(Locale.ROOT, "k = %d days (AUC %s)", r.leadDays(), Format.auc(r.auc().auc())),
                    x, y).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static CategoryChart levels(LevelChurnRates.Result levels, int horizonDays) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Churn within " + horizonDays + " days, by level").xAxisTitle("level (samples)")
                .yAxisTitle("churn rate (%)").build();
        chart.getStyler().setLegendVisible(false).setChartBackgroundColor(Color.WHITE);
        List<String> names = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        for (LevelChurnRates.LevelRate rate : levels.levels()) {
            names.add(rate.level().name() + " (" + rate.samples() + ")");
            rates.add(Double.isNaN(rate.rate()) ? 0.0 : rate.rate() * 100);
        }
        chart.addSeries("churn rate", names, rates);
        return chart;
    }

    private static CategoryChart leadTimes(AlertQuality.Result alerts, int horizonDays) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Lead time: first alert to churn (median " + Format.days(alerts.medianLeadDays()) + " days)")
                .xAxisTitle("days before churn").yAxisTitle("churners").build();
        chart.getStyler().setLegendVisible(false).setChartBackgroundColor(Color.WHITE);
        int bins = (horizonDays + LEAD_BIN_DAYS - 1) / LEAD_BIN_DAYS;
        List<String> names = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            names.add((b * LEAD_BIN_DAYS) + "-" + Math.min(horizonDays, (b + 1) * LEAD_BIN_DAYS));
            counts.add(0);
        }
        for (double d : alerts.leadDays()) {
            int bin = Math.min(bins - 1, (int) (d / LEAD_BIN_DAYS));
            counts.set(bin, counts.get(bin) + 1);
        }
        chart.addSeries("churners", names, counts);
        return chart;
    }

    private static CategoryChart weights(WeightFit.Result fit) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title("Component weights")
                .xAxisTitle("component").yAxisTitle("weight").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        List<String> names = new ArrayList<>();
        List<Double> defaults = new ArrayList<>();
        List<Double> proposed = new ArrayList<>();
        for (ScoreComponent c : ScoreComponent.values()) {
            names.add(ModelYaml.yamlName(c));
            defaults.add(fit.defaultWeights().get(c));
            proposed.add(fit.proposedWeights().get(c));
        }
        chart.addSeries("default", names, defaults);
        chart.addSeries("fitted", names, proposed);
        return chart;
    }

    private static void save(Chart<?, ?> chart, Path dir, String name, List<String> written) throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
        written.add(name);
    }
}
