package io.healthscore.backtest;

import io.healthscore.backtest.generate.GeneratorSettings;
import io.healthscore.backtest.generate.GeneratorSettings.LogFormat;
import io.healthscore.backtest.generate.SyntheticLog;
import java.nio.file.Path;

/**
 * Calibrated levels on a log shaped unlike the native one: organisations with 12 to 150 members, page views only,
 * epoch-ms timestamps, churners decaying over three to six weeks (asked for: the shape's own is two to five) before
 * a cancellation page, a tenth of them without warning, exported organisation by organisation (not in time order,
 * so the backtest sorts it).
 */
class CalibratedLevelsOrgsShapeTest extends CalibratedLevelsContract {

    @Override
    SyntheticLog.GroundTruth writeLog(Path log) throws Exception {
        return new SyntheticLog(GeneratorSettings.defaults().with(150, 100_000, 120).withFormat(LogFormat.ORGS)
                .withChurnShare(0.3).withSeed(11).withDeclineDays(21, 42)).write(log, null);
    }

    @Override
    Path mapping() {
        return Path.of("examples/orgs-mapping.yml");
    }
}
