package io.healthscore.ingest.scope;

import java.util.Locale;
import java.util.Optional;

/**
 * The account-profile facts a source may be granted, by the name used in configuration and in the native API.
 * {@link #NAME} is granted to every source; the others are routing facts (who is mailed and how the account is
 * handled) or contract facts (what the customer pays and when), and need an explicit grant. {@link #MRR} covers
 * {@code mrrMinor}, {@code mrr} and {@code currency}.
 */
public enum ProfileField {
    NAME("name", false),
    PLAN("plan", true),
    MRR("mrr", true),
    SEGMENT("segment", true),
    COVERAGE_MODEL("coverageModel", true),
    CSM_OWNER_EMAIL("csmOwnerEmail", true),
    CONTACT_EMAIL("contactEmail", true),
    CONTACT_LANGUAGE("contactLanguage", true),
    SEATS("seats", true),
    CONTRACT_START("contractStart", true),
    RENEWAL_DATE("renewalDate", true);

    private final String fieldName;
    private final boolean needsGrant;

    ProfileField(String fieldName, boolean needsGrant) {
        this.fieldName = fieldName;
        this.needsGrant = needsGrant;
    }

    /** The field's name in configuration, the native API and Segment group traits. */
    public String fieldName() {
        return fieldName;
    }

    /** False only for facts every source may write. */
    public boolean needsGrant() {
        return needsGrant;
    }

    /** By configuration name, in camelCase, kebab-case or snake_case, any letter case. */
    public static Optional<ProfileField> named(String text) {
        String wanted = text.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        for (ProfileField field : values()) {
            if (field.fieldName.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
