package io.healthscore.scoring.state;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.ScoreComponent;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the scoring processor keeps about one account, bounded by {@link StateLimits}, in one part per job:
 * the CRM's {@link ProfileFacts}, the {@link UsageHistory}, the {@link SignalHistory} (NPS, tickets, payments),
 * the {@link PublishedEvaluation} last published, the {@link DailyScores} for the 7-day delta, and the alert
 * cooldowns. This class is the account's one surface: the score components, the alert rules, the queries and the
 * golden-state recipes (which must compile against every released format) read and change an account through it,
 * and {@link AccountStateSerde} encodes its parts. Not thread-safe; one instance lives for one {@code process} call.
 */
public final class AccountState {

    static final long NONE = Long.MIN_VALUE;
    /** How many level changes an account keeps for queries. */
    static final int RECENT_LEVEL_CHANGES = PublishedEvaluation.RECENT_LEVEL_CHANGES;

    final ProfileFacts profile = new ProfileFacts();
    final UsageHistory usage = new UsageHistory();
    final SignalHistory signals = new SignalHistory();
    final PublishedEvaluation published = new PublishedEvaluation();
    final DailyScores dailyScores = new DailyScores();
    final EnumMap<AlertRule, AlertMemory> alerts = new EnumMap<>(AlertRule.class);

    public AccountState() {
    }

    // ---- profile ----

    /** See {@link ProfileFacts#apply}: partial, and ignored when older than the profile applied. */
    public boolean applyProfile(long updatedAt, String segment, CoverageModel coverage, String csmOwner,
                                LocalDate renewal, Integer seats) {
        return profile.apply(updatedAt, segment, coverage, csmOwner, renewal, seats);
    }

    /** Forgets the profile (a tombstone on the profile topic). */
    public void clearProfile() {
        profile.clear();
    }

    public String segment() {
        return profile.segment;
    }

    public CoverageModel coverageModel() {
        return profile.coverageModel;
    }

    public String csmOwnerEmail() {
        return profile.csmOwnerEmail;
    }

    public LocalDate renewalDate() {
        return profile.renewalDate;
    }

    public Integer seats() {
        return profile.seats;
    }

    // ---- usage ----

    /** The bucket of a UTC day, created on first use; buckets older than the limit are dropped. */
    public DayBucket day(long epochDay, StateLimits limits) {
        return usage.day(epochDay, limits);
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
        return usage.record(epochDay, occurredAt, userId, login, keyFeature, onboardingStep, limits);
    }

    /** Drops buckets that fell out of the window as of {@code todayEpochDay}. */
    public void expireDays(long todayEpochDay, StateLimits limits) {
        usage.expire(todayEpochDay, limits);
    }

    /** The users active per day in the window. */
    public ActiveUsers activeUsers() {
        return usage.activeUsers;
    }

    /** Buckets of the days in [fromDay, toDay], inclusive. */
    public NavigableMap<Long, DayBucket> days(long fromDay, long toDay) {
        return usage.days(fromDay, toDay);
    }

    /** The days in [fromDay, toDay] with at least one login. */
    public long loginDays(long fromDay, long toDay) {
        return usage.loginDays(fromDay, toDay);
    }

    /** How many of {@code keyFeatures} were used on some day in [fromDay, toDay]. */
    public int keyFeaturesUsed(long fromDay, long toDay, Set<String> keyFeatures) {
        return usage.keyFeaturesUsed(fromDay, toDay, keyFeatures);
    }

    public TreeSet<String> onboardingSteps() {
        return usage.onboardingSteps;
    }

    public boolean hasUsage() {
        return usage.firstUsageAt != NONE;
    }

    public long firstUsageAt() {
        return usage.firstUsageAt;
    }

    /** Time of the latest login, or {@link Long#MIN_VALUE} when none was seen. */
    public long lastLoginAt() {
        return usage.lastLoginAt;
    }

    /**
     * Distinct usage events counted for this account since its first one: unlike the daily buckets it never
     * expires, so it can be reconciled against everything a producer had acknowledged.
     */
    public long eventsCounted() {
        return usage.eventsCounted;
    }

    // ---- signals ----

    public void recordNps(int score, long at) {
        signals.recordNps(score, at);
    }

    public boolean hasNps() {
        return signals.npsAt != NONE;
    }

    public int npsScore() {
        return signals.npsScore;
    }

    public long npsAt() {
        return signals.npsAt;
    }

    public void openTicket(String ticketId, long at, StateLimits limits) {
        signals.openTicket(ticketId, at, limits);
    }

    public void closeTicket(String ticketId) {
        signals.closeTicket(ticketId);
    }

    public boolean ticketsSeen() {
        return signals.ticketsSeen;
    }

    public Map<String, Long> openTickets() {
        return signals.openTickets;
    }

    public void paymentFailed(long at, StateLimits limits) {
        signals.paymentFailed(at, limits);
    }

    public void paymentSucceeded() {
        signals.paymentSucceeded();
    }

    public boolean paymentsSeen() {
        return signals.paymentsSeen;
    }

    public List<Long> failedPayments() {
        return signals.failedPayments;
    }

    /** Forgets tickets and failed payments older than the longest window that still counts them. */
    public void expireSignals(long cutoffTickets, long cutoffPayments) {
        signals.expire(cutoffTickets, cutoffPayments);
    }

    // ---- last published evaluation ----

    public boolean hasScore() {
        return published.hasScore();
    }

    public double lastScore() {
        return published.score;
    }

    public HealthLevel lastLevel() {
        return published.level;
    }

    public String lastModelVersion() {
        return published.modelVersion;
    }

    public Map<ScoreComponent, Double> lastComponents() {
        return published.components;
    }

    public void published(double score, HealthLevel level, String modelVersion, Map<ScoreComponent, Double> components,
                          List<String> reasons, long atMillis) {
        published.published(score, level, modelVersion, components, reasons, atMillis);
    }

    public List<String> lastReasons() {
        return published.reasons;
    }

    /** The last {@value #RECENT_LEVEL_CHANGES} level changes, oldest first. */
    public List<LevelChange> recentLevelChanges() {
        return published.recentLevelChanges;
    }

    public long lastPublishedAt() {
        return published.publishedAt;
    }

    /** Forgets the level and the score history, so the next score starts them (see AccountEvaluator). */
    public void restartHistory() {
        published.level = null;
        dailyScores.clear();
    }

    // ---- daily scores ----

    /** Remembers the latest score of a day, keeping {@code limits.scoreHistoryDays()} days. */
    public void recordDailyScore(long epochDay, double score, StateLimits limits) {
        dailyScores.record(epochDay, score, limits);
    }

    /** The score at the end of {@code epochDay}, or of the latest earlier day kept; null when none is kept. */
    public Double scoreOnOrBefore(long epochDay) {
        return dailyScores.onOrBefore(epochDay);
    }

    // ---- alert cooldowns ----

    public AlertMemory alertMemory(AlertRule rule) {
        return alerts.get(rule);
    }

    public void rememberAlert(AlertRule rule, AlertMemory memory) {
        alerts.put(rule, memory);
    }
}
