package io.healthscore.e2e.product;

import java.util.List;
import java.util.Map;

/**
 * What one account does on one day of the synthetic product: which of its users log in and which feature each
 * uses, the onboarding steps completed, and the signals (NPS, tickets, payments) its CRM and billing send.
 *
 * @param activeUsers indexes into the account's user pool
 * @param features    the feature each active user uses, same order as {@code activeUsers}
 * @param signals     native {@code /v1/signals} bodies without accountId and times
 */
public record DayPlan(List<Integer> activeUsers, List<String> features, List<String> onboardingSteps,
                      List<Map<String, Object>> signals) {

    public static final DayPlan NOTHING = new DayPlan(List.of(), List.of(), List.of(), List.of());

    public DayPlan {
        activeUsers = List.copyOf(activeUsers);
        features = List.copyOf(features);
        onboardingSteps = List.copyOf(onboardingSteps);
        signals = List.copyOf(signals);
    }

    public int eventCount() {
        return activeUsers.size() * 2 + onboardingSteps.size();
    }
}
