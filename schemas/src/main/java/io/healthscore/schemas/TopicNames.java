package io.healthscore.schemas;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The names of the topics, configurable per deployment. Each name must be a legal Kafka topic name
 * (1 to 249 of {@code [a-zA-Z0-9._-]}, not "." or ".."), all of them distinct, and short enough to take the
 * dead-letter suffix.
 */
public record TopicNames(String usageEvents, String accountProfiles, String accountSignals, String healthScores,
                         String healthScoresLatest, String levelTransitions, String churnRiskAlerts,
                         String expansionOpportunities, String dlqSuffix) {

    public static final String USAGE_EVENTS_KEY = "topics.usage-events";
    public static final String ACCOUNT_PROFILES_KEY = "topics.account-profiles";
    public static final String ACCOUNT_SIGNALS_KEY = "topics.account-signals";
    public static final String HEALTH_SCORES_KEY = "topics.health-scores";
    public static final String HEALTH_SCORES_LATEST_KEY = "topics.health-scores-latest";
    public static final String LEVEL_TRANSITIONS_KEY = "topics.level-transitions";
    public static final String CHURN_RISK_ALERTS_KEY = "topics.churn-risk-alerts";
    public static final String EXPANSION_OPPORTUNITIES_KEY = "topics.expansion-opportunities";
    public static final String DLQ_SUFFIX_KEY = "topics.dlq-suffix";

    private static final int MAX_TOPIC_NAME_LENGTH = 249;
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

    public TopicNames {
        Map<String, String> names = new LinkedHashMap<>();
        names.put(USAGE_EVENTS_KEY, usageEvents);
        names.put(ACCOUNT_PROFILES_KEY, accountProfiles);
        names.put(ACCOUNT_SIGNALS_KEY, accountSignals);
        names.put(HEALTH_SCORES_KEY, healthScores);
        names.put(HEALTH_SCORES_LATEST_KEY, healthScoresLatest);
        names.put(LEVEL_TRANSITIONS_KEY, levelTransitions);
        names.put(CHURN_RISK_ALERTS_KEY, churnRiskAlerts);
        names.put(EXPANSION_OPPORTUNITIES_KEY, expansionOpportunities);
        requireLegal(DLQ_SUFFIX_KEY, dlqSuffix, MAX_TOPIC_NAME_LENGTH - 1);
        Map<String, String> keysByName = new HashMap<>();
        names.forEach((key, name) -> {
            requireLegal(key, name, MAX_TOPIC_NAME_LENGTH - dlqSuffix.length());
            String clash = keysByName.putIfAbsent(name, key);
            if (clash != null) {
                throw new IllegalArgumentException(key + " and " + clash + " both name topic '" + name
                        + "'; every topic needs its own name");
            }
        });
        names.forEach((key, name) -> {
            String clash = keysByName.get(name + dlqSuffix);
            if (clash != null) {
                throw new IllegalArgumentException(clash + " names '" + name + dlqSuffix + "', the dead-letter topic of "
                        + key + "; choose another name or " + DLQ_SUFFIX_KEY);
            }
        });
    }

    /**
     * usage-events, account-profiles, account-signals, health-scores, health-scores-latest, level-transitions,
     * churn-risk-alerts, expansion-opportunities; dead-letter topics add "-dlq".
     */
    public static TopicNames defaults() {
        return new TopicNames("usage-events", "account-profiles", "account-signals", "health-scores",
                "health-scores-latest", "level-transitions", "churn-risk-alerts", "expansion-opportunities", "-dlq");
    }

    /**
     * The defaults, each overridden by its key when present: {@code topics.usage-events},
     * {@code topics.account-profiles}, {@code topics.account-signals}, {@code topics.health-scores},
     * {@code topics.health-scores-latest}, {@code topics.level-transitions}, {@code topics.churn-risk-alerts},
     * {@code topics.expansion-opportunities}, {@code topics.dlq-suffix}.
     *
     * @throws IllegalArgumentException naming the key of a blank or illegal name
     */
    public static TopicNames fromProperties(Map<String, ?> properties) {
        TopicNames d = defaults();
        return new TopicNames(
                value(properties, USAGE_EVENTS_KEY, d.usageEvents()),
                value(properties, ACCOUNT_PROFILES_KEY, d.accountProfiles()),
                value(properties, ACCOUNT_SIGNALS_KEY, d.accountSignals()),
                value(properties, HEALTH_SCORES_KEY, d.healthScores()),
                value(properties, HEALTH_SCORES_LATEST_KEY, d.healthScoresLatest()),
                value(properties, LEVEL_TRANSITIONS_KEY, d.levelTransitions()),
                value(properties, CHURN_RISK_ALERTS_KEY, d.churnRiskAlerts()),
                value(properties, EXPANSION_OPPORTUNITIES_KEY, d.expansionOpportunities()),
                value(properties, DLQ_SUFFIX_KEY, d.dlqSuffix()));
    }

    private static String value(Map<String, ?> properties, String key, String defaultValue) {
        Object value = properties.get(key);
        // Present but blank is a mistake worth reporting, not a reason to fall back silently.
        return value == null ? defaultValue : value.toString();
    }

    private static void requireLegal(String key, String name, int maxLength) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(key + " must name a topic, but is blank");
        }
        if (!LEGAL.matcher(name).matches()) {
            throw new IllegalArgumentException(key + " is '" + name + "', which is not a legal Kafka topic name: "
                    + "use only ASCII letters, digits, '.', '_' and '-'");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException(key + " must not be '.' or '..'");
        }
        if (name.length() > maxLength) {
            throw new IllegalArgumentException(key + " is " + name.length() + " characters long; at most " + maxLength
                    + " are allowed so that the name and its dead-letter suffix stay within Kafka's "
                    + MAX_TOPIC_NAME_LENGTH);
        }
    }
}
