package io.healthscore.e2e.product;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How a kind of account uses the product day by day. The behaviours are drawn so that the default scoring model
 * (key features dashboards, reports, integrations, automations, exports; four onboarding steps) puts them
 * where a CS team would expect: power users in Lv4, steady accounts in Lv3, new and troubled accounts around
 * Lv2, and declining or churning accounts into Lv1 some weeks after their {@code changeDay}.
 */
public enum Persona {

    /** Every seat active every day, all key features, promoters who pay. */
    POWER {
        @Override
        DayPlan plan(ProductAccount a, int day, Random random) {
            return usage(a, day, random, 1.0, 5, onboardingOnFirstDays(a, day), regularSignals(a, day, 9));
        }
    },
    /** About half the seats, three key features, passive NPS. */
    STEADY {
        @Override
        DayPlan plan(ProductAccount a, int day, Random random) {
            return usage(a, day, random, 0.7, 3, onboardingOnFirstDays(a, day), regularSignals(a, day, 7));
        }
    },
    /** Like a power account until its change day, then fewer users each day, tickets and a detractor answer. */
    DECLINING {
        @Override
        DayPlan plan(ProductAccount a, int day, Random random) {
            int since = day - a.changeDay();
            if (since < 0) {
                return POWER.plan(a, day, random);
            }
            double activity = Math.max(0.0, 1.0 - since / 12.0);
            List<Map<String, Object>> signals = new ArrayList<>();
            if (since == 3 || since == 7 || since == 11) {
                signals.add(Map.of("type", "support_ticket_opened", "ticketId", a.id() + "-t" + since,
                        "ticketPriority", "high"));
            }
            if (since == 8) {
                signals.add(Map.of("type", "nps_answer", "npsScore", 3));
            }
            return usage(a, day, random, activity, since < 6 ? 3 : 1, List.of(), signals);
        }
    },
    /** Like a power account until its change day, then nothing at all: no logins, no signals. */
    CHURNING {
        @Override
        DayPlan plan(ProductAccount a, int day, Random random) {
            return day < a.changeDay() ? POWER.plan(a, day, random) : DayPlan.NOTHING;
        }
    },
    /** Signs up on its change day and gets through part of onboarding with a few users. */
    ONBOARDING {
        @Override
        DayPlan plan(ProductAccount a, int day, Random random) {
            int since = day - a.changeDay();
            if (since < 0) {
                return DayPlan.NOTHING;
            }
            List<String> steps = since == 0 ? List.of(STEPS.get(0)) : since == 4 ? List.of(STEPS.get(1)) : List.of();
            return usage(a, day, random, 0.35, 2, steps, List.of());
        }
    },
    /** A steady account whose card fails twice after its change day. */
    PAYMENT_TROUBLE {
        @Override
        DayPlan plan(ProductAccount a, int day, Random random) {
            DayPlan steady = STEADY.plan(a, day, random);
            int since = day - a.changeDay();
            if (since == 0 || since == 9) {
                List<Map<String, Object>> signals = new ArrayList<>(steady.signals());
                signals.add(Map.of("type", "payment_failed", "amountMinor", 49_00, "currency", "USD"));
                return new DayPlan(steady.activeUsers(), steady.features(), steady.onboardingSteps(), signals);
            }
            return steady;
        }
    },
    /** A steady account that answers NPS 2 on its change day and opens an urgent ticket. */
    DETRACTOR {
        @Override
        DayPlan plan(ProductAccount a, int day, Random random) {
            DayPlan steady = STEADY.plan(a, day, random);
            if (day != a.changeDay()) {
                return steady;
            }
            List<Map<String, Object>> signals = new ArrayList<>(steady.signals());
            signals.add(Map.of("type", "nps_answer", "npsScore", 2));
            signals.add(Map.of("type", "support_ticket_opened", "ticketId", a.id() + "-urgent",
                    "ticketPriority", "urgent"));
            return new DayPlan(steady.activeUsers(), steady.features(), steady.onboardingSteps(), signals);
        }
    };

    /** The key features of the default scoring model. */
    public static final List<String> FEATURES = List.of("dashboards", "reports", "integrations", "automations", "exports");
    /** The required onboarding steps of the default scoring model. */
    public static final List<String> STEPS = List.of("create-project", "invite-team", "connect-data", "first-report");

    abstract DayPlan plan(ProductAccount account, int day, Random random);

    /** The account's activity on {@code day} (days since the run's origin). */
    public DayPlan planFor(ProductAccount account, int day, Random random) {
        return plan(account, day, random);
    }

    /** Each user of the pool is active with probability {@code share}, using one of the first {@code features}. */
    static DayPlan usage(ProductAccount a, int day, Random random, double share, int features, List<String> steps,
                         List<Map<String, Object>> signals) {
        List<Integer> users = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (int u = 0; u < a.users(); u++) {
            if (share >= 1.0 || random.nextDouble() < share) {
                users.add(u);
                used.add(FEATURES.get((u + day) % features));
            }
        }
        return new DayPlan(users, used, steps, signals);
    }

    static List<String> onboardingOnFirstDays(ProductAccount a, int day) {
        return day == a.startDay() ? STEPS : List.of();
    }

    /**
     * A monthly payment from the account's third day and, on its tenth day, an NPS answer. Not on its first day:
     * signals and usage are different topics, so a first-day payment could be scored before any usage, giving a
     * first score of 100 from the payment alone and then a spurious drop into Lv1.
     */
    static List<Map<String, Object>> regularSignals(ProductAccount a, int day, int nps) {
        List<Map<String, Object>> signals = new ArrayList<>();
        if ((day - a.startDay()) % 30 == 3) {
            signals.add(Map.of("type", "payment_succeeded", "amountMinor", a.mrrMinor(), "currency", "USD"));
        }
        if (day - a.startDay() == 10) {
            signals.add(Map.of("type", "nps_answer", "npsScore", nps));
        }
        return signals;
    }
}
