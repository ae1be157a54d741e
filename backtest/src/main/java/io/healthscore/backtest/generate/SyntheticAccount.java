package io.healthscore.backtest.generate;

import io.healthscore.backtest.generate.GeneratorSettings.Decline;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One synthetic account's plan for the whole log: its persona, users and their habits, adopted key features, and
 * the day-by-day multipliers of its usage and of its key-feature use. Churners stop on {@code churnDay}.
 */
final class SyntheticAccount {

    static final double DECLINE_FLOOR = 0.05;

    final String id;
    final Persona persona;
    final double[] userActivity;
    /** How far into a decline each user keeps coming: people leave one by one before the account cancels. */
    final double[] userStaysUntil;
    final List<String> adoptedKeyFeatures;
    final double depth;
    final int onboardingSteps;
    final int churnDay;
    final int declineDays;
    final int dipStart;
    final int dipDays;
    final int paymentDay;
    final Decline decline;
    /** UPGRADER: the first day of growth, its length, and the day of the upgrade (-1 for everyone else). */
    final int growthStart;
    final int growthDays;
    final int upgradeDay;
    /** How many times as often an upgrader comes at the end of its growth. */
    static final double GROWTH = 3.5;

    /** @param declineRange how long a usage decline lasts, {min, max} days; null for the shape's own */
    SyntheticAccount(String id, Persona persona, int users, List<String> keyFeatures, int days, Decline decline,
                     boolean singleUser, boolean shortDecline, int[] declineRange, Random random) {
        this.id = id;
        this.persona = persona;
        this.decline = decline;
        this.userActivity = new double[users];
        this.userStaysUntil = new double[users];
        for (int u = 0; u < users; u++) {
            userActivity[u] = singleUser ? 0.35 + 0.45 * random.nextDouble() : 0.2 + 0.65 * random.nextDouble();
            userStaysUntil[u] = singleUser ? 1.0 : 0.15 + 0.95 * random.nextDouble();
        }
        this.depth = 0.6 + random.nextDouble();
        List<String> adopted = new ArrayList<>();
        // With a feature-only decline every account uses every key feature, so the feature drop stands out.
        // In the ORGS shape, organisations that will churn never took up as much of the product (a weak fit that
        // shows long before their decline), as CS teams see: accounts using more key features renew more often.
        int adopt = decline == Decline.FEATURES ? keyFeatures.size()
                : singleUser ? 1 + random.nextInt(keyFeatures.size())
                : shortDecline && persona.churns() ? 1 + random.nextInt(3)
                : 2 + random.nextInt(keyFeatures.size() - 1);
        for (int i = 0; i < adopt; i++) {
            adopted.add(keyFeatures.get(i));
        }
        this.adoptedKeyFeatures = List.copyOf(adopted);
        boolean planted = decline == Decline.USAGE && persona.churns();
        this.onboardingSteps = random.nextDouble() < (planted ? 0.45 : 0.25) ? 2 + random.nextInt(2) : 4;
        this.churnDay = persona.churns() ? 35 + random.nextInt(days - 35) : -1;
        this.declineDays = switch (persona) {
            case DECLINING_CHURNER -> decline == Decline.FEATURES ? 42 + random.nextInt(15)
                    : declineRange != null ? declineRange[0] + random.nextInt(declineRange[1] - declineRange[0] + 1)
                    : shortDecline ? 14 + random.nextInt(22) : 21 + random.nextInt(22);
            case SLOW_DECLINE -> 30;
            default -> 0;
        };
        int slowStart = 20 + random.nextInt(Math.max(1, days - 50));
        this.dipStart = persona == Persona.DIP ? 20 + random.nextInt(Math.max(1, days - 40))
                : persona == Persona.SLOW_DECLINE ? slowStart : -1;
        this.dipDays = persona == Persona.DIP ? 7 + random.nextInt(15) : 0;
        this.paymentDay = random.nextInt(30);
        if (persona == Persona.UPGRADER) {
            // Drawn only for upgraders, so a log without them is the same as before they could be planted.
            userActivity[0] = 0.2 + 0.1 * random.nextDouble();
            this.growthDays = 14 + random.nextInt(15);
            int latestStart = Math.max(22, days - growthDays - 20);
            this.growthStart = 21 + random.nextInt(latestStart - 20);
            this.upgradeDay = Math.min(days - 2, growthStart + growthDays + 3 + random.nextInt(12));
        } else {
            this.growthStart = -1;
            this.growthDays = 0;
            this.upgradeDay = -1;
        }
    }

    /** 0..1: how far an upgrader has grown on this day (0 before, 1 after its growth; 0 for everyone else). */
    double growthProgress(int day) {
        if (persona != Persona.UPGRADER || day < growthStart) {
            return 0;
        }
        return Math.min(1, (day - growthStart + 1) / (double) growthDays);
    }

    boolean activeOn(int day) {
        return churnDay < 0 || day < churnDay;
    }

    /** 0..1: how far into its decline the account is on this day (0 before it starts). */
    double declineProgress(int day) {
        if (persona == Persona.DECLINING_CHURNER) {
            int start = churnDay - declineDays;
            return day < start ? 0 : Math.min(1, (day - start + 1) / (double) declineDays);
        }
        if (persona == Persona.SLOW_DECLINE) {
            return day < dipStart ? 0 : Math.min(1, (day - dipStart + 1) / (double) declineDays);
        }
        return 0;
    }

    /** Whether this user still comes at all on this day (users drop out during a usage decline). */
    boolean userStays(int user, int day) {
        // Slow decliners lose about a third of their users; declining churners lose all of them by the end.
        double progress = persona == Persona.SLOW_DECLINE ? 0.5 * declineProgress(day) : declineProgress(day);
        return decline != Decline.USAGE || progress < userStaysUntil[user];
    }

    /** Multiplier of the chance that a user is active, and (square-rooted) of session depth. */
    double usage(int day) {
        return switch (persona) {
            case DIP -> day >= dipStart && day < dipStart + dipDays ? 0.25 : 1;
            case SLOW_DECLINE -> 1 - 0.5 * declineProgress(day);
            case DECLINING_CHURNER -> decline == Decline.USAGE ? 1 - (1 - DECLINE_FLOOR) * declineProgress(day) : 1;
            case UPGRADER -> 1 + (GROWTH - 1) * growthProgress(day);
            default -> 1;
        };
    }

    /** Multiplier of the share of actions that use a key feature. */
    double keyFeatureUse(int day) {
        if (persona == Persona.UPGRADER) {
            return 1 + 0.5 * growthProgress(day);
        }
        return decline == Decline.FEATURES ? 1 : usage(day);
    }

    /**
     * A key feature for one action, or null when the account no longer uses any. With a feature-only decline a
     * declining churner gives its key features up one at a time: the k-th of n while the decline is k/(n+1) done.
     */
    String keyFeature(int day, Random random) {
        int inUse = adoptedKeyFeatures.size();
        if (persona == Persona.DECLINING_CHURNER && decline == Decline.FEATURES) {
            inUse = (int) Math.ceil(inUse - declineProgress(day) * (inUse + 1) + 1e-9);
        }
        return inUse <= 0 ? null : adoptedKeyFeatures.get(random.nextInt(Math.min(inUse, adoptedKeyFeatures.size())));
    }

    /** Whether the account shows its trouble outside usage too (detractor answers, tickets, failed payments). */
    boolean unhappy(int day) {
        return decline == Decline.USAGE && persona == Persona.DECLINING_CHURNER && declineProgress(day) > 0.3;
    }
}
