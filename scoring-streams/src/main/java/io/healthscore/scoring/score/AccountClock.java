package io.healthscore.scoring.score;

/** "Now" for one evaluation, with the UTC day arithmetic the windows need. */
public record AccountClock(long nowMillis) {

    public static final long DAY_MILLIS = 86_400_000L;

    public long today() {
        return Math.floorDiv(nowMillis, DAY_MILLIS);
    }

    public static long epochDay(long millis) {
        return Math.floorDiv(millis, DAY_MILLIS);
    }

    public long daysAgo(int days) {
        return nowMillis - days * DAY_MILLIS;
    }
}
