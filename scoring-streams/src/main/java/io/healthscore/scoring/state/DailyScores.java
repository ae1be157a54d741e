package io.healthscore.scoring.state;

import java.util.Map;
import java.util.TreeMap;

/** The latest score of each of the last {@link StateLimits#scoreHistoryDays()} days, for the 7-day delta. */
final class DailyScores {

    final TreeMap<Long, Double> byDay = new TreeMap<>();

    /** Remembers the latest score of a day, keeping {@code limits.scoreHistoryDays()} days. */
    void record(long epochDay, double score, StateLimits limits) {
        byDay.put(epochDay, score);
        long keepFrom = epochDay - limits.scoreHistoryDays() + 1;
        while (byDay.firstKey() < keepFrom) {
            byDay.pollFirstEntry();
        }
    }

    /** The score at the end of {@code epochDay}, or of the latest earlier day kept; null when none is kept. */
    Double onOrBefore(long epochDay) {
        Map.Entry<Long, Double> entry = byDay.floorEntry(epochDay);
        return entry == null ? null : entry.getValue();
    }

    void clear() {
        byDay.clear();
    }
}
