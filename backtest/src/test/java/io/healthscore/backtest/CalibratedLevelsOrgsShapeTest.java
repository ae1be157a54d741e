package io.healthscore.backtest;

import io.healthscore.backtest.generate.GeneratorSettings;
import io.healthscore.backtest.generate.GeneratorSettings.LogFormat;
import io.healthscore.backtest.generate.SyntheticLog;
import java.nio.file.Path;

/**
 * Calibrated levels on a log shaped unlike the native one: organisations with 12 to 150 members, page views only,
 * epoch-ms timestamps, churners decaying over two to five weeks before a cancellation page, exported organisation by
 * organisation (not in time order, so the backtest sorts it).
 */
class CalibratedLevelsOrgsShapeTest extends CalibratedLevelsContract {

    @Override
    Path writeLog(Path log) throws Exception {
        new SyntheticLog(GeneratorSettings.defaults().with(150, 100_000, 120).withFormat(LogFormat.ORGS)
                .withChurnShare(0.3).withSeed(11)).write(log, null);
        return Path.of("examples/orgs-mapping.yml");
    }

    /**
     * A tenth of this shape's churners cancel without warning and the rest decline over two to five weeks, many in
     * less than three: at 50 % precision the fitted rule fires a median 11 to 12 days before churn here (the
     * native shape, declining over three to six weeks, reaches 14).
     */
    @Override
    double declineMinLeadDays() {
        return 10;
    }
}
