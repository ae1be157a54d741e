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
    /** The first and last bucket day while the rings are valid. */
    private long ringFirst;
    private long ringLast;
    /** The key features the rings were last counted against, and for each ring whether it is one of them. */
    private Set<String> countedKeys;
    private long[] ringBits = new long[0];
    private boolean[] ringIsKey = new boolean[0];
    private boolean ringArraysValid;
    /** The bucket most recently asked for: most events fall on the day of the one before. */
    private long lastDay = Long.MIN_VALUE;
    private DayBucket lastBucket;

    /** The bucket of a UTC day, created on first use; buckets older than the limit are dropped. */
    DayBucket day(long epochDay, StateLimits limits) {
        if (epochDay == lastDay && lastBucket != null) {
            return lastBucket;
        }
        DayBucket bucket = days.get(epochDay);
        if (bucket == null) {
            bucket = new DayBucket();
            days.put(epochDay, bucket);
            if (ringsValid) {
                ringFirst = Math.min(ringFirst, epochDay);
                ringLast = Math.max(ringLast, epochDay);
            }
            while (days.size() > limits.bucketDays()) {
                days.pollFirstEntry();
                ringsValid = false;
                lastBucket = null;
            }
            if (!days.containsKey(epochDay)) {
                return bucket;   // the new day is older than every bucket kept: counted nowhere, as before
            }
        }
        lastDay = epochDay;
        lastBucket = bucket;
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
                Long before = featureRings.get(keyFeature);
                long after = (before == null ? 0L : before) | ring(epochDay);
                if (before == null || after != before) {
                    featureRings.put(keyFeature, after);
                    ringArraysValid = false;
                }
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
            lastBucket = null;
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
            if (!ringArraysValid || keyFeatures != countedKeys) {
                flattenRings(keyFeatures);
            }
            long mask = clippedMask(fromDay, toDay);
            int used = 0;
            for (int i = 0; i < ringBits.length; i++) {
                if (ringIsKey[i] && (ringBits[i] & mask) != 0) {
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
        if (!ringsValid) {
            if (days.isEmpty()) {
                return false;
            }
            rebuildRings();
        }
        return ringLast - ringFirst < 64;
    }

    /**
     * The ring bits of [fromDay, toDay] clipped to the buckets' days: within fewer than 64 days each bit is one day,
     * so a bit set by a bucket outside the range cannot fall inside the mask.
     */
    private long clippedMask(long fromDay, long toDay) {
        return ActiveUsers.mask(Math.max(fromDay, ringFirst), Math.min(toDay, ringLast));
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
        ringFirst = days.firstKey();
        ringLast = days.lastKey();
        ringsValid = true;
        ringArraysValid = false;
    }

    /** The feature rings as flat arrays, each marked whether it is one of {@code keyFeatures}. */
    private void flattenRings(Set<String> keyFeatures) {
        int n = featureRings.size();
        if (ringBits.length != n) {
            ringBits = new long[n];
            ringIsKey = new boolean[n];
        }
        int i = 0;
        for (Map.Entry<String, Long> feature : featureRings.entrySet()) {
            ringBits[i] = feature.getValue();
            ringIsKey[i] = keyFeatures.contains(feature.getKey());
            i++;
        }
        countedKeys = keyFeatures;
        ringArraysValid = true;
    }

    private static long ring(long epochDay) {
        return 1L << Math.floorMod(epochDay, 64);
    }
}
