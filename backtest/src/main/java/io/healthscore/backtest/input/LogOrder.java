package io.healthscore.backtest.input;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How far out of time order a log was, and what was done about it.
 *
 * @param lines             lines in the file
 * @param outOfOrder        lines whose event time is earlier than that of a line before them
 * @param largestJumpMillis the largest step back in time: the latest time so far minus a line's time
 * @param jumpLine          the line of that step
 * @param jumpTime          its time
 * @param aheadLine         the line with the latest time before it
 * @param aheadTime         that time
 * @param runs              sorted runs written to disk (0: not sorted, or sorted in memory)
 * @param sortMemory        the memory budget of the sort
 * @param checkSeconds      the pass that looked at the order
 * @param sortSeconds       the pass that read and sorted the log (0 when it was already sorted); the merge runs
 *                          with the replay
 */
public record LogOrder(long lines, long outOfOrder, long largestJumpMillis, long jumpLine, long jumpTime,
                       long aheadLine, long aheadTime, int runs, long sortMemory, double checkSeconds,
                       double sortSeconds) {

    public boolean sorted() {
        return outOfOrder == 0;
    }

    LogOrder withSort(int sortRuns, double seconds) {
        return new LogOrder(lines, outOfOrder, largestJumpMillis, jumpLine, jumpTime, aheadLine, aheadTime, sortRuns,
                sortMemory, checkSeconds, seconds);
    }

    /** "23,456 of 30,000 lines are earlier than a line before them; the largest backwards jump is ...". */
    public String describe() {
        return String.format(Locale.ROOT, "%,d of %,d lines are earlier than a line before them; the largest backwards "
                        + "jump is %s, at line %,d (%s, after %s at line %,d)", outOfOrder, lines,
                span(largestJumpMillis), jumpLine, Instant.ofEpochMilli(jumpTime), Instant.ofEpochMilli(aheadTime),
                aheadLine);
    }

    static String span(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (d.toDays() > 0) {
            return String.format(Locale.ROOT, "%d days %.1f h", d.toDays(), (millis - d.toDays() * 86_400_000L) / 3.6e6);
        }
        return d.toHours() > 0 ? String.format(Locale.ROOT, "%.1f h", millis / 3.6e6)
                : String.format(Locale.ROOT, "%.1f s", millis / 1e3);
    }
}
