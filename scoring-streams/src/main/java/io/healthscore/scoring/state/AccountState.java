package io.healthscore.scoring.state;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.ScoreComponent;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything the scoring processor keeps about one account, bounded by {@link StateLimits}: profile fields,
 * daily usage buckets, the active users of each day ({@link ActiveUsers}), completed onboarding steps, the latest NPS answer, open high-priority tickets, failed
 * payments, the last published score and level with its components, a daily score history for the 7-day delta,
 * and the alert cooldowns. Not thread-safe; one instance lives for one {@code process} call.
 */
public final class AccountState {

    static final long NONE = Long.MIN_VALUE;

    // Profile
    String segment;
    CoverageModel coverageModel;
    String csmOwnerEmail;
    LocalDate renewalDate;
    Integer seats;
    long profileUpdatedAt = NONE;

    // Usage
    final TreeMap<Long, DayBucket> days = new TreeMap<>();
    ActiveUsers activeUsers = new ActiveUsers();
    final TreeSet<String> onboardingSteps = new TreeSet<>();
    long firstUsageAt = NONE;
    long lastLoginAt = NONE;
    /** Distinct usage events counted since the account's first, never expired (for reconciliation). */
    long eventsCounted;

    // Signals
    int npsScore = -1;
    long npsAt = NONE;
    boolean ticketsSeen;
    final TreeMap<String, Long> openTickets = new TreeMap<>();
    boolean paymentsSeen;
    final List<Long> failedPayments = new ArrayList<>();

    // Last published evaluation
    double lastScore = Double.NaN;
    HealthLevel lastLevel;
    String lastModelVersion;
    final EnumMap<ScoreComponent, Double> lastComponents = new EnumMap<>(ScoreComponent.class);
    final TreeMap<Long, Double> scoreHistory = new TreeMap<>();
    final EnumMap<AlertRule, AlertMemory> alerts = new EnumMap<>(AlertRule.class);
    final List<String> lastReasons = new ArrayList<>();
    final List<LevelChange> recentLevelChanges = new ArrayList<>();
    long lastPublishedAt = NONE;

    /** How many level changes an account keeps for queries. */
    static final int RECENT_LEVEL_CHANGES = 5;

    public AccountState() {
    }

    // ---- profile ----

    /**
     * Applies a profile unless an equally new or newer one was applied already (out-of-order updates). Profile
     * records are partial updates: a null field keeps its earlier value, because sources send different subsets
     * (the CRM sends owner and renewal date, a Segment group call may send only a name). Seats of 0 or less mean
     * "unknown" and clear the earlier value.
     */
    public boolean applyProfile(long updatedAt, String segment, CoverageModel coverage, String csmOwner,
                                LocalDate renewal, Integer seats) {
        if (updatedAt < profileUpdatedAt) {
            return false;
        }
        this.profileUpdatedAt = updatedAt;
        this.segment = segment != null ? segment : this.segment;
        this.coverageModel = coverage != null ? coverage : this.coverageModel;
        this.csmOwnerEmail = csmOwner != null ? csmOwner : this.csmOwnerEmail;
        this.renewalDate = renewal != null ? renewal : this.renewalDate;
        if (seats != null) {
            this.seats = seats <= 0 ? null : seats;
        }
        return true;
    }

    /** Forgets the profile (a tombstone on the profile topic). */
    public void clearProfile() {
        profileUpdatedAt = NONE;
        segment = null;
        coverageModel = null;
        csmOwnerEmail = null;
        renewalDate = null;
        seats = null;
    }

    public String segment() {
        return segment;
    }

    public CoverageModel coverageModel() {
        return coverageModel;
    }

    public String csmOwnerEmail() {
        return csmOwnerEmail;
    }

    public LocalDate renewalDate() {
        return renewalDate;
    }

    public Integer seats() {
        return seats;
    }

    // ---- usage ----

    /** The bucket of a UTC day, created on first use; buckets older than the limit are dropped. */
    public DayBucket day(long epochDay, StateLimits limits) {
        DayBucket bucket = days.computeIfAbsent(epochDay, d -> new DayBucket());
        while (days.size() > limits.bucketDays()) {
            days.pollFirstEntry();
        }
        return bucket;
    }

    /**
     * Counts one distinct usage event (the caller has dropped redeliveries) in its day's bucket and in the
     * account's cumulative {@link #eventsCounted()}.
     *
     * @return whether the event changed anything a score or an alert is computed from: a new day, a user not yet
     *     active that day, a login, a key feature not yet used that day, a new onboarding step or an earlier first
     *     usage. Otherwise only the event counts moved, and the account's score is what it was.
     */
    public boolean recordUsage(long epochDay, long occurredAt, String userId, boolean login, String keyFeature,
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
        if (firstUsageAt == NONE || occurredAt < firstUsageAt) {
            firstUsageAt = occurredAt;
            changed = true;
        }
        return changed;
    }

    /** Drops buckets that fell out of the window as of {@code todayEpochDay}. */
    public void expireDays(long todayEpochDay, StateLimits limits) {
        days.headMap(todayEpochDay - limits.bucketDays() + 1).clear();
        // Tomorrow stays: an event may occur up to the future skew after now, across midnight.
        activeUsers.retain(todayEpochDay - limits.bucketDays() + 1, todayEpochDay + 1);
    }

    /** The users active per day in the window. */
    public ActiveUsers activeUsers() {
        return activeUsers;
    }

    /** Buckets of the days in [fromDay, toDay], inclusive. */
    public NavigableMap<Long, DayBucket> days(long fromDay, long toDay) {
        return days.subMap(fromDay, true, toDay, true);
    }

    public TreeSet<String> onboardingSteps() {
        return onboardingSteps;
    }

    public boolean hasUsage() {
        return firstUsageAt != NONE;
    }

    public long firstUsageAt() {
        return firstUsageAt;
    }

    /** Time of the latest login, or {@link Long#MIN_VALUE} when none was seen. */
    public long lastLoginAt() {
        return lastLoginAt;
    }

    /**
     * Distinct usage events counted for this account since its first one: unlike the daily buckets it never
     * expires, so it can be reconciled against everything a producer had acknowledged.
     */
    public long eventsCounted() {
        return eventsCounted;
    }

    // ---- signals ----

    public void recordNps(int score, long at) {
        if (at >= npsAt) {
            npsScore = score;
            npsAt = at;
        }
    }

    public boolean hasNps() {
        return npsAt != NONE;
    }

    public int npsScore() {
        return npsScore;
    }

    public long npsAt() {
        return npsAt;
    }

    public void openTicket(String ticketId, long at, StateLimits limits) {
        ticketsSeen = true;
        openTickets.put(ticketId, at);
        while (openTickets.size() > limits.maxOpenTickets()) {
            // Keep the newest tickets: the oldest are the first to leave the penalty window anyway.
            String oldest = openTickets.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
            openTickets.remove(oldest);
        }
    }

    public void closeTicket(String ticketId) {
        ticketsSeen = true;
        openTickets.remove(ticketId);
    }

    public boolean ticketsSeen() {
        return ticketsSeen;
    }

    public Map<String, Long> openTickets() {
        return openTickets;
    }

    public void paymentFailed(long at, StateLimits limits) {
        paymentsSeen = true;
        failedPayments.add(at);
        failedPayments.sort(null);
        while (failedPayments.size() > limits.maxFailedPayments()) {
            failedPayments.remove(0);
        }
    }

    public void paymentSucceeded() {
        paymentsSeen = true;
    }

    public boolean paymentsSeen() {
        return paymentsSeen;
    }

    public List<Long> failedPayments() {
        return failedPayments;
    }

    /** Forgets tickets and failed payments older than the longest window that still counts them. */
    public void expireSignals(long cutoffTickets, long cutoffPayments) {
        openTickets.values().removeIf(at -> at < cutoffTickets);
        failedPayments.removeIf(at -> at < cutoffPayments);
    }

    // ---- last published evaluation ----

    public boolean hasScore() {
        return !Double.isNaN(lastScore);
    }

    public double lastScore() {
        return lastScore;
    }

    public HealthLevel lastLevel() {
        return lastLevel;
    }

    public String lastModelVersion() {
        return lastModelVersion;
    }

    public Map<ScoreComponent, Double> lastComponents() {
        return lastComponents;
    }

    public void published(double score, HealthLevel level, String modelVersion, Map<ScoreComponent, Double> components,
                          List<String> reasons, long atMillis) {
        if (lastLevel != null && level != lastLevel) {
            recentLevelChanges.add(new LevelChange(lastLevel, level, score, atMillis));
            while (recentLevelChanges.size() > RECENT_LEVEL_CHANGES) {
                recentLevelChanges.remove(0);
            }
        }
        lastReasons.clear();
        lastReasons.addAll(reasons);
        lastPublishedAt = atMillis;
        lastScore = score;
        lastLevel = level;
        lastModelVersion = modelVersion;
        lastComponents.clear();
        lastComponents.putAll(components);
    }

    public List<String> lastReasons() {
        return lastReasons;
    }

    /** The last {@value #RECENT_LEVEL_CHANGES} level changes, oldest first. */
    public List<LevelChange> recentLevelChanges() {
        return recentLevelChanges;
    }

    public long lastPublishedAt() {
        return lastPublishedAt;
    }

    /** Forgets the level and the score history, so the next score starts them (see AccountEvaluator). */
    public void restartHistory() {
        lastLevel = null;
        scoreHistory.clear();
    }

    /** Remembers the latest score of a day, keeping {@code limits.scoreHistoryDays()} days. */
    public void recordDailyScore(long epochDay, double score, StateLimits limits) {
        scoreHistory.put(epochDay, score);
        scoreHistory.headMap(epochDay - limits.scoreHistoryDays() + 1).clear();
    }

    /** The score at the end of {@code epochDay}, or of the latest earlier day kept; null when none is kept. */
    public Double scoreOnOrBefore(long epochDay) {
        Map.Entry<Long, Double> entry = scoreHistory.floorEntry(epochDay);
        return entry == null ? null : entry.getValue();
    }

    public AlertMemory alertMemory(AlertRule rule) {
        return alerts.get(rule);
    }

    public void rememberAlert(AlertRule rule, AlertMemory memory) {
        alerts.put(rule, memory);
    }
}
