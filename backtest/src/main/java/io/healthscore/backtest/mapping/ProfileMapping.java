package io.healthscore.backtest.mapping;

import java.util.Map;

/**
 * Which records carry profile facts and where: the facts are read from every record that passes {@code when}
 * (every record when it is null), and an {@code AccountProfile} update is replayed only when one of them changed.
 */
public record ProfileMapping(Condition when, Map<ProfileField, FieldPath> fields) {

    public ProfileMapping {
        fields = Map.copyOf(fields);
    }

    /** The profile fields a mapping may fill, by their names in the mapping file. */
    public enum ProfileField {
        PLAN("plan"), SEGMENT("segment"), SEATS("seats"), RENEWAL_DATE("renewalDate"),
        COVERAGE_MODEL("coverageModel"), CSM_OWNER("csmOwner");

        private final String yamlName;

        ProfileField(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }
    }
}
