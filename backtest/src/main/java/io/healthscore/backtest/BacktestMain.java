package io.healthscore.backtest;

import io.healthscore.backtest.fit.AlertThresholdFit;
import io.healthscore.backtest.generate.GeneratorSettings;
import io.healthscore.backtest.generate.GeneratorSettings.Decline;
import io.healthscore.backtest.generate.GeneratorSettings.LogFormat;
import io.healthscore.backtest.generate.SyntheticLog;
import io.healthscore.backtest.input.SortSettings;
import io.healthscore.backtest.mapping.MappingException;
import io.healthscore.backtest.metrics.LeadTimeAuc;
import io.healthscore.backtest.replay.ReplaySettings;
import io.healthscore.backtest.report.BacktestReport;
import io.healthscore.scoring.model.ModelFileException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./healthscore backtest}: replays a historical event log through the scoring topology and reports how well
 * scores, levels and alerts foretold the churn in it ({@code backtest}, the default), or writes a synthetic log with
 * planted churn ({@code generate}). Exit status: 0 done, 1 the input could not be used (the message names the file,
 * line, rule or field), 2 bad arguments, 3 the report was written but cannot be used ({@link UsabilityCheck}).
 */
public final class BacktestMain {

    static final String USAGE = """
            usage: backtest --events FILE [options]          replay a log and measure the score against known churn
                   backtest generate --out FILE [options]    write a synthetic log with planted churners

            backtest options:
              --events FILE          JSON-lines event log, plain or gzip (required)
              --mapping FILE         how records map to accounts, time, events, signals, profile and churn (YAML);
                                     default: the format 'generate' writes (examples/native-mapping.yml)
              --outcomes FILE        known churn per account: CSV 'account,churned_at' or JSON lines; replaces the
                                     mapping's churn rule
              --model FILE           scoring model YAML (default: the built-in default model)
              --fit                  learn component weights from the log (logistic regression, cross-validated by
                                     account) and write OUT/proposed-model.yml
              --out DIR              where report.json, report.md and the charts go (default: backtest-report)
              --warmup-days N        days at the start not measured while the 28-day windows fill (default 28)
              --horizon-days N       "churns within N days" for levels, alerts and the fit (default 30)
              --lead-days LIST       the k of "AUC k days before churn" (default 7,14,30)
              --evaluation-interval D  punctuator period in log time, e.g. 1h, 6h, 1d (default 1h)
              --slice N              accounts re-evaluated per punctuation (default 500)
              --replay-engine E      direct (default: the scoring processor, its stores and punctuator in a lean
                                     harness, accounts spread over threads) or driver (the whole topology in Kafka
                                     Streams' TopologyTestDriver, one thread); both give the same report
              --replay-threads N     threads the direct engine spreads accounts over (default 2; one when the log
                                     has more than 1,024 accounts)
              --seed N               seed of the cross-validation folds (default 42)
              --sort-memory SIZE     memory for sorting a log that is not in time order, e.g. 64m, 1g (default
                                     256m); beyond it, sorted runs go to a temporary directory under --out
              --max-dead-letters X   the share of topology inputs that may be dead-lettered, e.g. 20% or 0.2
                                     (default 20%); beyond it the run is unusable (exit status 3)
              --no-sort              refuse a log that is not in time order (naming the largest backwards jump)
                                     instead of sorting it

            generate options:
              --out FILE             the log to write (.gz = gzip) (required)
              --accounts N           accounts (default 500)
              --events N             about how many records (default 1000000)
              --days N               days of history, 60..730 (default 120)
              --churn-share X        share of accounts that churn (default 0.2)
              --format F             native (B2B product, several users per account), sparkify (music streaming)
                                     or orgs (page views of organisations with many members, ms timestamps,
                                     written organisation by organisation: not in time order)
              --decline D            what churners lose first: usage (default) or features (key features only)
              --decline-days MIN-MAX how long declining churners' usage declines last (e.g. 21-42; default the
                                     format's own: native and sparkify 21-42, orgs 14-35)
              --upgrade-share X      sparkify only: share of accounts that grow, then submit an upgrade (default 0)
              --outcomes FILE        also write account,churned_at as CSV
              --seed N               random seed (default 42); the same options write the same file

            exit status: 0 done, 1 the input could not be used, 2 bad arguments, 3 the run finished but its report
            cannot be used (most inputs dead-lettered, no account scored, or no AUC, precision or recall; the
            report is written, marked as unusable, and the message says why)
            """;

    private BacktestMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "backtest-logback.xml");
        }
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> list = Arrays.asList(args);
        try {
            if (list.isEmpty() || list.contains("--help") || list.contains("-h") || list.get(0).equals("help")) {
                out.print(USAGE);
                return list.isEmpty() ? 2 : 0;
            }
            if (list.get(0).equals("generate")) {
                return generate(new Arguments(list.subList(1, list.size()), Set.of()), out);
            }
            List<String> rest = list.get(0).equals("backtest") ? list.subList(1, list.size()) : list;
            return backtest(new Arguments(rest, Set.of("fit", "no-sort")), out, err);
        } catch (UsageException e) {
            err.println("backtest: " + e.getMessage());
            err.println();
            err.print(USAGE);
            return 2;
        } catch (MappingException | ModelFileException | IllegalArgumentException e) {
            err.println("backtest: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("backtest: " + e);
            return 1;
        }
    }

    private static int backtest(Arguments a, PrintStream out, PrintStream err) throws IOException {
        BacktestOptions options = new BacktestOptions(a.path("events", true), a.path("mapping", false),
                a.path("outcomes", false), a.path("model", false), a.flag("fit"),
                Path.of(a.text("out", "backtest-report")),
                (int) a.number("warmup-days", BacktestOptions.DEFAULT_WARMUP_DAYS, 0, 365),
                (int) a.number("horizon-days", BacktestOptions.DEFAULT_HORIZON_DAYS, 1, 365),
                a.integers("lead-days", BacktestOptions.DEFAULT_LEAD_DAYS, 1, 365),
                replaySettings(a), a.number("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE), sortSettings(a),
                a.share("max-dead-letters", UsabilityCheck.DEFAULT_MAX_DEAD_LETTER_SHARE));
        a.rejectUnknown();
        BacktestReport report = Backtest.run(options, err::println);
        summary(report, options, out);
        if (!report.usable()) {
            err.println("backtest: the report cannot be used: " + String.join("; ", report.unusable()) + " (written to "
                    + options.out().resolve("report.md") + ", marked as unusable)");
            return 3;
        }
        return 0;
    }

    private static ReplaySettings replaySettings(Arguments a) {
        Duration interval = a.duration("evaluation-interval", ReplaySettings.defaults().evaluationInterval());
        if (interval.isZero() || interval.isNegative()) {
            throw new UsageException("--evaluation-interval must be positive");
        }
        return new ReplaySettings(interval, (int) a.number("slice", ReplaySettings.defaults().evaluationSliceSize(), 1,
                1_000_000), choice(a, "replay-engine", ReplaySettings.Engine.class, ReplaySettings.Engine.DIRECT),
                (int) a.number("replay-threads", ReplaySettings.DEFAULT_THREADS, 1, ReplaySettings.MAX_THREADS));
    }

    private static SortSettings sortSettings(Arguments a) {
        long memory = a.bytes("sort-memory", SortSettings.DEFAULT_MEMORY);
        try {
            return SortSettings.defaults().withSort(!a.flag("no-sort")).withMemory(memory);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--sort-memory: " + e.getMessage());
        }
    }

    private static void summary(BacktestReport r, BacktestOptions options, PrintStream out) {
        out.printf(Locale.ROOT, "records %,d  accounts %,d  churners %,d  replay %.1f s (%,.0f records/s)%n",
                r.replay().records(), r.replay().accounts().size(), r.churnAt().size(), r.replay().replaySeconds(),
                r.replay().recordsPerSecond());
        StringBuilder auc = new StringBuilder("score AUC before churn:");
        for (LeadTimeAuc.Result v : r.scoreAuc().values()) {
            auc.append(String.format(Locale.ROOT, "  %dd %.3f", v.leadDays(), v.auc().auc()));
        }
        out.println(auc);
        long samples = r.levels().levels().stream().mapToLong(l -> l.samples()).sum();
        StringBuilder levels = new StringBuilder("churn within " + options.horizonDays() + " days by level ("
                + (r.model().levels().isCalibrated() ? "calibrated" : "uncalibrated score bands") + "; share, rate):");
        r.levels().levels().forEach(l -> levels.append(String.format(Locale.ROOT, "  %s %.1f%% %.1f%%", l.level(),
                samples == 0 ? Double.NaN : 100.0 * l.samples() / samples, l.rate() * 100)));
        out.println(levels + (r.levels().monotonic() ? "  (monotonic)" : "  (NOT monotonic)"));
        out.printf(Locale.ROOT, "alerts: precision %.1f%% (base rate %.1f%%), recall %.1f%%, median lead %.1f days, "
                        + "churners without any alert %d of %d%n", r.alerts().overall().precision() * 100,
                r.alerts().baseRate() * 100, r.alerts().recall() * 100, r.alerts().medianLeadDays(),
                r.alerts().withoutAnyAlert(), r.alerts().churners());
        if (r.fit() != null) {
            out.printf(Locale.ROOT, "fit: held-out AUC default %.3f -> fitted %.3f; proposed model %s%n",
                    r.fit().heldOutDefault().auc(), r.fit().heldOutFitted().auc(), r.proposedModel());
        }
        if (r.calibration() != null && r.calibration().calibrated()) {
            StringBuilder calibrated = new StringBuilder("calibrated levels, in-sample (boundaries "
                    + r.calibration().levels().lv2() + " / " + r.calibration().levels().lv3() + " / "
                    + r.calibration().levels().lv4() + "; share, rate):");
            r.calibration().shares().forEach(s -> calibrated.append(String.format(Locale.ROOT, "  %s %.1f%% %.1f%%",
                    s.level(), 100.0 * s.samples() / r.calibration().samples(), s.rate() * 100)));
            out.println(calibrated);
        }
        if (r.alertFit() != null && r.alertFit().fitted()) {
            AlertThresholdFit.Candidate s = r.alertFit().suspected();
            out.printf(Locale.ROOT, "USAGE_DECLINE tuned: suspected %.2f (precision %.1f%%, median lead %.1f days), "
                    + "imminent %.2f%n", s.threshold(), s.precision() * 100, s.leads().median(),
                    r.alertFit().proposedImminent());
        }
        if (r.riskRiseFit() != null && r.riskRiseFit().fitted()) {
            AlertThresholdFit.Candidate s = r.riskRiseFit().suspected();
            out.printf(Locale.ROOT, "RISK_RISE tuned: suspected %.2f (precision %.1f%%, median lead %.1f days), "
                    + "imminent %.2f%n", s.threshold(), s.precision() * 100, s.leads().median(),
                    r.riskRiseFit().proposedImminent());
        }
        r.notes().forEach(n -> out.println("note: " + n));
        out.println("report: " + options.out().resolve("report.md"));
    }

    private static int generate(Arguments a, PrintStream out) throws IOException {
        GeneratorSettings d = GeneratorSettings.defaults();
        Path file = a.path("out", true);
        GeneratorSettings settings;
        try {
            settings = new GeneratorSettings((int) a.number("accounts", d.accounts(), 1, 10_000_000),
                    a.number("events", d.events(), 1, Long.MAX_VALUE), (int) a.number("days", d.days(), 1, 100_000),
                    a.decimal("churn-share", d.churnShare()), a.number("seed", d.seed(), Long.MIN_VALUE, Long.MAX_VALUE),
                    choice(a, "format", LogFormat.class, d.format()), choice(a, "decline", Decline.class, d.decline()),
                    d.start()).withUpgradeShare(a.decimal("upgrade-share", d.upgradeShare()));
            String range = a.text("decline-days", null);
            if (range != null) {
                String[] bounds = range.split("-", -1);
                String wrong = "--decline-days must be MIN-MAX in days (e.g. 21-42), got '" + range + "'";
                if (bounds.length != 2) {
                    throw new UsageException(wrong);
                }
                try {
                    settings = settings.withDeclineDays(Integer.parseInt(bounds[0].trim()),
                            Integer.parseInt(bounds[1].trim()));
                } catch (NumberFormatException e) {
                    throw new UsageException(wrong);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Path outcomes = a.path("outcomes", false);
        a.rejectUnknown();
        long started = System.nanoTime();
        SyntheticLog.GroundTruth truth = new SyntheticLog(settings).write(file, outcomes);
        out.printf(Locale.ROOT, "wrote %s: %,d records, %,d accounts (%,d churners, %,d upgraders) over %d days in "
                + "%.1f s%n", file, truth.records(), settings.accounts(), truth.churnedAt().size(),
                truth.upgradedAt().size(), settings.days(), (System.nanoTime() - started) / 1e9);
        if (outcomes != null) {
            out.println("wrote " + outcomes);
        }
        return 0;
    }

    private static <E extends Enum<E>> E choice(Arguments a, String name, Class<E> type, E fallback) {
        String value = a.text(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + name + ": expected one of "
                    + Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList()
                    + ", got '" + value + "'");
        }
    }
}
