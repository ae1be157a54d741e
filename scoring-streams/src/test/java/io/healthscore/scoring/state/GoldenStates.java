package io.healthscore.scoring.state;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.avro.Severity;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The account states behind the golden fixtures in {@code src/test/resources/state-formats/}: an empty state, a
 * rich one with every component populated, one at the limits of {@link StateLimits#defaults()} and one whose
 * active users are sketched. Together they use every symbol of every enum the serde writes.
 *
 * <p>Built through {@link AccountState}'s public methods only, so the same recipes compile against the serde of
 * every released format (that is how the fixtures were made, see the fixtures' README). Scores are multiples of
 * 1/4 so the formats' floats hold them exactly.
 */
final class GoldenStates {

    static final StateLimits LIMITS = StateLimits.defaults();
    static final long DAY = 86_400_000L;
    /** 2025-03-01, the first day of every recipe. */
    static final long FIRST_DAY = LocalDate.of(2025, 3, 1).toEpochDay();

    // Spelled out rather than values(): a symbol added to a schema must not change what the recipes build.
    private static final List<ScoreComponent> EVERY_COMPONENT = List.of(ScoreComponent.ACTIVITY,
            ScoreComponent.LOGIN_FREQUENCY, ScoreComponent.FEATURE_ADOPTION, ScoreComponent.TREND,
            ScoreComponent.ONBOARDING, ScoreComponent.SUPPORT, ScoreComponent.SENTIMENT, ScoreComponent.PAYMENT);
    private static final List<AlertRule> EVERY_RULE = List.of(AlertRule.SCORE_DROP, AlertRule.LEVEL_DOWN,
            AlertRule.INACTIVITY, AlertRule.RENEWAL_AT_RISK, AlertRule.PAYMENT_FAILED, AlertRule.DETRACTOR_NPS,
            AlertRule.OTHER);

    private GoldenStates() {
    }

    /** Fixture name to recipe, in a fixed order. */
    static Map<String, Supplier<AccountState>> all() {
        Map<String, Supplier<AccountState>> all = new LinkedHashMap<>();
        all.put("empty", AccountState::new);
        all.put("rich", GoldenStates::rich);
        all.put("limits", GoldenStates::atLimits);
        all.put("sketched", GoldenStates::sketched);
        return all;
    }

    /** A mid-sized account with every component, all seven alert rules and level changes through all four levels. */
    static AccountState rich() {
        AccountState s = new AccountState();
        s.applyProfile(FIRST_DAY * DAY + 1_000, "enterprise", CoverageModel.HIGH_TOUCH, "csm.owner@vendor.example",
                LocalDate.of(2025, 9, 30), 40);
        List<String> features = List.of("dashboards", "exports", "reports");
        for (int d = 0; d < 10; d++) {
            long day = FIRST_DAY + d;
            for (int u = 0; u < 6; u++) {
                s.recordUsage(day, day * DAY + 3_600_000L * (u + 1), "user-" + ((u + d) % 9) + "@customer.example",
                        u % 2 == 0, features.get((u + d) % 3), d == u ? "step-" + d : null, LIMITS);
            }
        }
        long now = (FIRST_DAY + 9) * DAY + 86_000_000L;
        s.recordNps(9, now - 2 * DAY);
        s.openTicket("TCK-1001", now - 5 * DAY, LIMITS);
        s.openTicket("TCK-1002", now - 3 * DAY, LIMITS);
        s.openTicket("TCK-1003", now - DAY, LIMITS);
        s.closeTicket("TCK-1002");
        s.paymentFailed(now - 8 * DAY, LIMITS);
        s.paymentFailed(now - 4 * DAY, LIMITS);
        s.paymentSucceeded();
        // LV1 (first score, no change) → LV2 → LV3 → LV4 → LV3: every level on both sides of a change.
        publishLevels(s, now - 4 * DAY, List.of(HealthLevel.LV1, HealthLevel.LV2, HealthLevel.LV3, HealthLevel.LV4,
                HealthLevel.LV3));
        s.published(71.25, HealthLevel.LV3, "default-3", components(40.5),
                List.of("activity 35 (was 80): 3 of 40 seats active in 7 days",
                        "support 75 (was 100): 1 open high-priority ticket",
                        "sentiment 100 (was 60): NPS 9 on 2025-03-08"), now);
        for (int d = 0; d < 10; d++) {
            s.recordDailyScore(FIRST_DAY + d, 60.5 + d, LIMITS);
        }
        rememberEveryRule(s, now - 6 * DAY);
        return s;
    }

    /** Every bounded collection full: 35 days, 500 exact users, 20 tickets, 20 payments, 10 scores, 5 changes. */
    static AccountState atLimits() {
        AccountState s = new AccountState();
        String longId = "s".repeat(256);
        s.applyProfile(FIRST_DAY * DAY, longId, CoverageModel.LOW_TOUCH, "o@" + "d".repeat(60) + ".example",
                LocalDate.of(2200, 12, 31), 10_000_000);
        for (int d = 0; d < LIMITS.bucketDays(); d++) {
            long day = FIRST_DAY + d;
            // 500 users over the window, each on a few days; every day has a login and a new key feature.
            for (int u = 0; u < 60; u++) {
                int user = (d * 60 + u) % LIMITS.exactUsers();
                s.recordUsage(day, day * DAY + u * 1_000L, "member-" + user, u == 0, "feature-" + (d % 12),
                        u == 1 ? "onboarding-" + d : null, LIMITS);
            }
        }
        long now = (FIRST_DAY + LIMITS.bucketDays() - 1) * DAY;
        s.recordNps(10, now - DAY);
        for (int t = 0; t < LIMITS.maxOpenTickets() + 5; t++) {
            s.openTicket("TICKET-" + t + "-" + "t".repeat(240), now - (30 - t) * DAY / 2, LIMITS);
        }
        for (int p = 0; p < LIMITS.maxFailedPayments() + 5; p++) {
            s.paymentFailed(now - (60 - p) * DAY / 2, LIMITS);
        }
        // Seven scores with six changes: the oldest falls out, five remain.
        publishLevels(s, now - 10 * DAY, List.of(HealthLevel.LV4, HealthLevel.LV3, HealthLevel.LV2, HealthLevel.LV1,
                HealthLevel.LV2, HealthLevel.LV3, HealthLevel.LV4));
        s.published(100.0, HealthLevel.LV4, "m".repeat(256), components(100.0),
                List.of("r".repeat(400), "onboarding 100 (was 90): 35 of 35 required steps",
                        "payment 0 (was 50): 20 failed payments in 60 days"), now);
        for (int d = 0; d < LIMITS.scoreHistoryDays() + 5; d++) {
            s.recordDailyScore(FIRST_DAY + 20 + d, 80.0 + d / 4.0, LIMITS);
        }
        rememberEveryRule(s, now - DAY);
        return s;
    }

    /** More users than the exact table holds, so the active users are per-day sketches; scored at LV1, no changes. */
    static AccountState sketched() {
        AccountState s = new AccountState();
        s.applyProfile(FIRST_DAY * DAY, "self-serve", CoverageModel.TECH_TOUCH, null, null, null);
        for (int d = 0; d < 3; d++) {
            long day = FIRST_DAY + d;
            for (int u = 0; u < 400; u++) {
                s.recordUsage(day, day * DAY + u, "visitor-" + (d * 200 + u), false, null, null, LIMITS);
            }
        }
        s.recordNps(2, (FIRST_DAY + 1) * DAY);
        Map<ScoreComponent, Double> two = new EnumMap<>(ScoreComponent.class);
        two.put(ScoreComponent.ACTIVITY, 25.0);
        two.put(ScoreComponent.SENTIMENT, 10.0);
        s.published(21.75, HealthLevel.LV1, "default-3", two, List.of(), (FIRST_DAY + 2) * DAY);
        s.recordDailyScore(FIRST_DAY + 2, 21.75, LIMITS);
        s.rememberAlert(AlertRule.DETRACTOR_NPS, new AlertMemory(Severity.SUSPECTED, (FIRST_DAY + 1) * DAY));
        return s;
    }

    private static void publishLevels(AccountState s, long from, List<HealthLevel> levels) {
        for (int i = 0; i < levels.size(); i++) {
            s.published(10.25 + 5 * i, levels.get(i), "default-2", components(50.0 + i), List.of(), from + i * DAY / 4);
        }
    }

    private static Map<ScoreComponent, Double> components(double base) {
        Map<ScoreComponent, Double> components = new EnumMap<>(ScoreComponent.class);
        for (int i = 0; i < EVERY_COMPONENT.size(); i++) {
            components.put(EVERY_COMPONENT.get(i), Math.min(100.0, base + 7.5 * i));
        }
        return components;
    }

    private static void rememberEveryRule(AccountState s, long windowStart) {
        for (int i = 0; i < EVERY_RULE.size(); i++) {
            Severity severity = i % 2 == 0 ? Severity.SUSPECTED : Severity.IMMINENT;
            s.rememberAlert(EVERY_RULE.get(i), new AlertMemory(severity, windowStart + i * 60_000L));
        }
    }
}
