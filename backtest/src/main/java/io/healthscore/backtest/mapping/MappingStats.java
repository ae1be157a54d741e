package io.healthscore.backtest.mapping;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the mapping did with every record of the log: how many each rule took, how many matched no rule (grouped by
 * the values of the fields the rules test, so the report can say {@code page=Downgrade: 2,055}), and the records
 * that could not be read or mapped, with the first few file/line/rule examples.
 */
public final class MappingStats {

    static final int MAX_EXAMPLES = 5;
    static final int MAX_SIGNATURES = 2_000;
    static final String OTHER_SIGNATURES = "(other values)";

    private long records;
    private long withoutAccount;
    private long churnRecords;
    private long upgradeRecords;
    private long profileUpdates;
    private long sessionLogins;
    private long usageEvents;
    private long signals;
    private long unmatched;
    private final Map<String, Long> perRule = new LinkedHashMap<>();
    private final Map<String, Long> unmatchedBySignature = new LinkedHashMap<>();
    private final Map<String, Problems> problems = new LinkedHashMap<>();

    /** Records that could not be used, of one kind, with examples. */
    public static final class Problems {
        private long count;
        private final List<String> examples = new ArrayList<>();

        void add(String example) {
            count++;
            if (examples.size() < MAX_EXAMPLES) {
                examples.add(example);
            }
        }

        public long count() {
            return count;
        }

        public List<String> examples() {
            return List.copyOf(examples);
        }
    }

    void countRecord() {
        records++;
    }

    void countWithoutAccount() {
        withoutAccount++;
    }

    void countUpgradeRecord() {
        upgradeRecords++;
    }

    /** Records the mapping's upgrade rule took as upgrades. */
    public long upgradeRecords() {
        return upgradeRecords;
    }

    void countChurnRecord() {
        churnRecords++;
    }

    void countProfileUpdate() {
        profileUpdates++;
    }

    void countSessionLogin() {
        sessionLogins++;
        usageEvents++;
    }

    void countUsageEvent() {
        usageEvents++;
    }

    void countSignal() {
        signals++;
    }

    void matched(MappingRule rule) {
        perRule.merge(rule.label(), 1L, Long::sum);
    }

    void unmatched(String signature) {
        unmatched++;
        if (unmatchedBySignature.containsKey(signature) || unmatchedBySignature.size() < MAX_SIGNATURES) {
            unmatchedBySignature.merge(signature, 1L, Long::sum);
        } else {
            unmatchedBySignature.merge(OTHER_SIGNATURES, 1L, Long::sum);
        }
    }

    /** A record that could not be read or mapped; {@code kind} groups them in the report. */
    public void problem(String kind, String example) {
        problems.computeIfAbsent(kind, k -> new Problems()).add(example);
    }

    void registerRules(List<MappingRule> rules) {
        rules.forEach(r -> perRule.putIfAbsent(r.label(), 0L));
    }

    public long records() {
        return records;
    }

    public long withoutAccount() {
        return withoutAccount;
    }

    public long churnRecords() {
        return churnRecords;
    }

    public long profileUpdates() {
        return profileUpdates;
    }

    public long sessionLogins() {
        return sessionLogins;
    }

    public long usageEvents() {
        return usageEvents;
    }

    public long signals() {
        return signals;
    }

    public long unmatched() {
        return unmatched;
    }

    /** Records taken per rule, in rule order. */
    public Map<String, Long> perRule() {
        return new LinkedHashMap<>(perRule);
    }

    /** The most frequent unmatched signatures, most frequent first. */
    public List<Map.Entry<String, Long>> topUnmatched(int limit) {
        return unmatchedBySignature.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(limit).map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }

    public Map<String, Problems> problems() {
        return new LinkedHashMap<>(problems);
    }

    public long problemCount() {
        return problems.values().stream().mapToLong(Problems::count).sum();
    }
}
