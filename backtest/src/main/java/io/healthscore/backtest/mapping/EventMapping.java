package io.healthscore.backtest.mapping;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How a JSON-lines log maps onto the scoring inputs: the account key, user key and event time fields; the rules,
 * tried in order (the first whose {@code when} holds decides); the profile facts; and how churn is known (a
 * condition on records, or none when an outcomes file gives it); and which records are upgrades (a condition, or
 * none: then the expansion signal is not measured). With a {@code session} field the first record of each new
 * session of an account also counts as a LOGIN.
 */
public record EventMapping(String source, String name, FieldPath account, FieldPath user, TimeField time,
                           FieldPath session, List<MappingRule> rules, ProfileMapping profile, Condition churn,
                           Condition upgrade) {

    public EventMapping {
        rules = List.copyOf(rules);
    }

    /** A mapping that names no upgrade records. */
    public EventMapping(String source, String name, FieldPath account, FieldPath user, TimeField time,
                        FieldPath session, List<MappingRule> rules, ProfileMapping profile, Condition churn) {
        this(source, name, account, user, time, session, rules, profile, churn, null);
    }

    /** The fields the rules test, which describe an unmatched record in the report ({@code page=Downgrade}). */
    public List<FieldPath> describingFields() {
        Set<String> seen = new LinkedHashSet<>();
        List<FieldPath> fields = new ArrayList<>();
        for (MappingRule rule : rules) {
            for (FieldPath f : rule.when().fields()) {
                if (seen.add(f.path())) {
                    fields.add(f);
                }
            }
        }
        return fields;
    }
}
