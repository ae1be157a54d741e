package io.healthscore.scoring.state;

import java.util.NavigableMap;
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

    /** The bucket of a UTC day, created on first use; buckets older than the limit are dropped. */
    DayBucket day(long epochDay, StateLimits limits) {
        DayBucket bucket = days.computeIfAbsent(epochDay, d -> new DayBucket());
        while (days.size() > limits.bucketDays()) {
            days.pollFirstEntry();
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
            bucket.logins++;
            lastLoginAt = Math.max(lastLoginAt, occurredAt);
            changed = true;
        }
        if (keyFeature != null) {
            changed |= bucket.keyFeatures.add(keyFeature);
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
        days.headMap(todayEpochDay - limits.bucketDays() + 1).clear();
        // Tomorrow stays: an event may occur up to the future skew after now, across midnight.
        activeUsers.retain(todayEpochDay - limits.bucketDays() + 1, todayEpochDay + 1);
    }

    NavigableMap<Long, DayBucket> days(long fromDay, long toDay) {
        return days.subMap(fromDay, true, toDay, true);
    }
}
