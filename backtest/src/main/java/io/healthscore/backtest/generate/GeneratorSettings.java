package io.healthscore.backtest.generate;

import java.time.Instant;

/**
 * What {@link SyntheticLog} writes.
 *
 * @param accounts    accounts in the log
 * @param events      about how many records to write (usage and signals; within a few percent)
 * @param days        length of the log
 * @param churnShare  share of accounts that churn during the log
 * @param seed        the random seed; the same settings and seed write the same file
 * @param format      NATIVE (B2B product events, several users per account), SPARKIFY (music streaming pages) or
 *                    ORGS (page views of organisations with many members, written organisation by organisation)
 * @param decline     what declining churners lose before they churn
 * @param start       the first day of the log (UTC midnight)
 * @param minDeclineDays, maxDeclineDays how long a declining churner's usage decline lasts (drawn uniformly, whole
 *                    days); 0 and 0 for the shape's own (native and sparkify 21..42, orgs 14..35). Not used by a
 *                    FEATURES decline (42..56 days)
 * @param upgradeShare share of accounts that grow and then upgrade (SPARKIFY only; 0, the default, writes the same
 *                    log as before upgrades could be planted)
 */
public record GeneratorSettings(int accounts, long events, int days, double churnShare, long seed, LogFormat format,
                                Decline decline, Instant start, int minDeclineDays, int maxDeclineDays,
                                double upgradeShare) {

    /** The shape of the records written. */
    public enum LogFormat { NATIVE, SPARKIFY, ORGS }

    /**
     * USAGE: fewer users active, fewer sessions, fewer key features, more detractor answers and tickets.
     * FEATURES: churners keep logging in as before and only stop using the key features (one planted component).
     */
    public enum Decline { USAGE, FEATURES }

    public static final Instant DEFAULT_START = Instant.parse("2026-01-05T00:00:00Z");

    public GeneratorSettings {
        if (accounts < 10) {
            throw new IllegalArgumentException("--accounts must be at least 10, got " + accounts);
        }
        if (days < 60 || days > 730) {
            throw new IllegalArgumentException("--days must be 60..730, got " + days);
        }
        if (!(churnShare > 0 && churnShare < 0.9)) {
            throw new IllegalArgumentException("--churn-share must be above 0 and below 0.9, got " + churnShare);
        }
        boolean shapeDefault = minDeclineDays == 0 && maxDeclineDays == 0;
        if (!shapeDefault && !(minDeclineDays >= 7 && minDeclineDays <= maxDeclineDays && maxDeclineDays <= 60)) {
            throw new IllegalArgumentException("--decline-days must be MIN-MAX with 7 <= MIN <= MAX <= 60, got "
                    + minDeclineDays + "-" + maxDeclineDays);
        }
        if (!(upgradeShare >= 0 && upgradeShare < 0.9 && churnShare + upgradeShare < 0.95)) {
            throw new IllegalArgumentException("--upgrade-share must be 0 or more, with --churn-share below 0.95 "
                    + "together, got " + upgradeShare);
        }
        if (upgradeShare > 0 && format != LogFormat.SPARKIFY) {
            throw new IllegalArgumentException("--upgrade-share plants upgrades in --format sparkify logs only (a "
                    + "'Submit Upgrade' page); " + format.name().toLowerCase(java.util.Locale.ROOT) + " logs have none");
        }
        if (events < (long) accounts * days / 2) {
            throw new IllegalArgumentException("--events must be at least accounts x days / 2 = "
                    + ((long) accounts * days / 2) + " for a usable log, got " + events);
        }
    }

    /** With the shape's own decline lengths and no planted upgrades. */
    public GeneratorSettings(int accounts, long events, int days, double churnShare, long seed, LogFormat format,
                             Decline decline, Instant start) {
        this(accounts, events, days, churnShare, seed, format, decline, start, 0, 0, 0);
    }

    public static GeneratorSettings defaults() {
        return new GeneratorSettings(500, 1_000_000, 120, 0.2, 42, LogFormat.NATIVE, Decline.USAGE, DEFAULT_START);
    }

    /** Declining churners' usage declines last {@code min} to {@code max} days (0, 0: the shape's own). */
    public GeneratorSettings withDeclineDays(int min, int max) {
        return new GeneratorSettings(accounts, events, days, churnShare, seed, format, decline, start, min, max,
                upgradeShare);
    }

    public boolean declineDaysGiven() {
        return minDeclineDays != 0 || maxDeclineDays != 0;
    }

    public GeneratorSettings with(int newAccounts, long newEvents, int newDays) {
        return new GeneratorSettings(newAccounts, newEvents, newDays, churnShare, seed, format, decline, start,
                minDeclineDays, maxDeclineDays, upgradeShare);
    }

    public GeneratorSettings withFormat(LogFormat newFormat) {
        return new GeneratorSettings(accounts, events, days, churnShare, seed, newFormat, decline, start, minDeclineDays,
                maxDeclineDays, upgradeShare);
    }

    public GeneratorSettings withDecline(Decline newDecline) {
        return new GeneratorSettings(accounts, events, days, churnShare, seed, format, newDecline, start, minDeclineDays,
                maxDeclineDays, upgradeShare);
    }

    public GeneratorSettings withSeed(long newSeed) {
        return new GeneratorSettings(accounts, events, days, churnShare, newSeed, format, decline, start, minDeclineDays,
                maxDeclineDays, upgradeShare);
    }

    public GeneratorSettings withChurnShare(double share) {
        return new GeneratorSettings(accounts, events, days, share, seed, format, decline, start, minDeclineDays,
                maxDeclineDays, upgradeShare);
    }

    public GeneratorSettings withUpgradeShare(double share) {
        return new GeneratorSettings(accounts, events, days, churnShare, seed, format, decline, start, minDeclineDays,
                maxDeclineDays, share);
    }
}
