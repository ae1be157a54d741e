package io.healthscore.backtest.metrics;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.backtest.replay.AccountTimeline;

/** A value of an account at a midnight (the score, a component, a re-weighted score); NaN when there is none. */
@FunctionalInterface
public interface DayValue {

    double on(AccountTimeline timeline, long day);

    static DayValue score() {
        return AccountTimeline::scoreOn;
    }

    static DayValue component(ScoreComponent component) {
        return (t, day) -> t.componentOn(day, component);
    }
}
