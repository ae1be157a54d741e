package io.healthscore.scoring.state;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How an account used the product: daily buckets (logins, events, key features) for the window, the active users of
 * each day ({@link ActiveUsers}), the required onboarding steps ever completed, the first usage and the latest login,
 * and the cumulative count of distinct events. Bounded by {@link StateLimits}.
 */
final class UsageHistory {

    final TreeMap<Long, DayBucket> days = new TreeMap<>();
    ActiveUsers activeUsers = new ActiveUsers();
    final TreeSet<String> onboardingSteps = new TreeSet<>();
    long firstUsageAt = AccountState.NONE;
    long lastLoginAt = AccountState.NONE;
    /** Distinct usage events counted since the account's first, never expired (for reconciliation). */
    long eventsCounted;

    /*
     * Day rings (bit = epochDay mod 64, as in ActiveUsers) of the buckets with a login and of each key feature's
     * buckets, so that LOGIN_FREQUENCY and FEATURE_ADOPTION count with a mask instead of walking 28 buckets on every
     * evaluation. Derived from the buckets, never stored: rebuilt after a decode or a dropped bucket, kept up to
     * date by record(). Only used while the buckets span fewer than 64 days, where no two of them share a bit.
     */
    private long loginRing;
    private final Map<String, Long> featureRings = new HashMap<>();
    private boolean ringsValid;

    /** The bucket of a UTC day, created on first use; buckets older than the limit are dropped. */
    DayBucket day(long epochDay, StateLimits limits) {
        DayBucket bucket = days.computeIfAbsent(epochDay, d -> new DayBucket());
        while (days.size() > limits.bucketDays()) {
            days.pollFirstEntry();
            ringsValid = false;
        }
        return bucket;
    }

    /** See {@link AccountState#recordUsage}. */
    boolean record(long epochDay, long occurredAt, String userId, boolean login, String keyFeature,
                   String onboardingStep, StateLimits limits) {
        boolean changed = !days.containsKey(epochDay);
        DayBucket bucket = day(epochDay, limits);
        bucket.events++;
        eventsCounted++;
        if (userId != null) {
            changed |= activeUsers.add(userId, epochDay, limits.bucketDays(), limits.exactUsers());
        }
        if (login) {
            loginRing |= ring(epochDay);
            bucket.logins++;
            lastLoginAt = Math.max(lastLoginAt, occurredAt);
            changed = true;
        }
        if (keyFeature != null) {
            changed |= bucket.keyFeatures.add(keyFeature);
            if (ringsValid) {
                featureRings.merge(keyFeature, ring(epochDay), (a, b) -> a | b);
            }
        }
        if (onboardingStep != null) {
            changed |= onboardingSteps.add(onboardingStep);
        }
        if (firstUsageAt == AccountState.NONE || occurredAt < firstUsageAt) {
            firstUsageAt = occurredAt;
            changed = true;
        }
        return changed;
    }

    /** Drops buckets that fell out of the window as of {@code todayEpochDay}. */
    void expire(long todayEpochDay, StateLimits limits) {
        NavigableMap<Long, DayBucket> expired = days.headMap(todayEpochDay - limits.bucketDays() + 1, false);
        if (!expired.isEmpty()) {
            expired.clear();
            ringsValid = false;
        }
        // Tomorrow stays: an event may occur up to the future skew after now, across midnight.
        activeUsers.retain(todayEpochDay - limits.bucketDays() + 1, todayEpochDay + 1);
    }

    NavigableMap<Long, DayBucket> days(long fromDay, long toDay) {
        return days.subMap(fromDay, true, toDay, true);
    }

    /** The days in [fromDay, toDay] with at least one login. */
    long loginDays(long fromDay, long toDay) {
        if (ringsAnswer()) {
            return Long.bitCount(loginRing & clippedMask(fromDay, toDay));
        }
        long loginDays = 0;
        for (DayBucket day : days(fromDay, toDay).values()) {
            if (day.logins > 0) {
                loginDays++;
            }
        }
        return loginDays;
    }

    /** How many of {@code keyFeatures} were used on some day in [fromDay, toDay]. */
    int keyFeaturesUsed(long fromDay, long toDay, Set<String> keyFeatures) {
        if (ringsAnswer()) {
            long mask = clippedMask(fromDay, toDay);
            int used = 0;
            for (Map.Entry<String, Long> feature : featureRings.entrySet()) {
                if ((feature.getValue() & mask) != 0 && keyFeatures.contains(feature.getKey())) {
                    used++;
                }
            }
            return used;
        }
        Set<String> used = new TreeSet<>();
        for (DayBucket day : days(fromDay, toDay).values()) {
            for (String feature : day.keyFeatures) {
                if (keyFeatures.contains(feature)) {
                    used.add(feature);
                }
            }
        }
        return used.size();
    }

    /** Whether the rings can answer (some buckets, spanning fewer than 64 days); brings them up to date. */
    private boolean ringsAnswer() {
        if (days.isEmpty() || days.lastKey() - days.firstKey() >= 64) {
            return false;
        }
        if (!ringsValid) {
            rebuildRings();
        }
        return true;
    }

    /**
     * The ring bits of [fromDay, toDay] clipped to the buckets' days: within fewer than 64 days each bit is one day,
     * so a bit set by a bucket outside the range cannot fall inside the mask.
     */
    private long clippedMask(long fromDay, long toDay) {
        return ActiveUsers.mask(Math.max(fromDay, days.firstKey()), Math.min(toDay, days.lastKey()));
    }

    private void rebuildRings() {
        loginRing = 0L;
        featureRings.clear();
        for (Map.Entry<Long, DayBucket> day : days.entrySet()) {
            long bit = ring(day.getKey());
            if (day.getValue().logins > 0) {
                loginRing |= bit;
            }
            for (String feature : day.getValue().keyFeatures) {
                featureRings.merge(feature, bit, (a, b) -> a | b);
            }
        }
        ringsValid = true;
    }

    private static long ring(long epochDay) {
        return 1L << Math.floorMod(epochDay, 64);
    }
}
