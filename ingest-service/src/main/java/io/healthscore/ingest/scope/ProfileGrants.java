package io.healthscore.ingest.scope;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthscore.ingest.validation.FieldErrors;
import io.healthscore.ingest.validation.JsonFields;

import java.util.Map;

/**
 * Checks the members of a profile body (native {@code PUT /v1/accounts}) or of Segment group {@code traits}
 * against the source's grants: every member that carries a value (JSON null means "not given") and maps to a
 * profile fact the source lacks is recorded as a forbidden write, naming the member and the source. Segment's
 * reserved {@code email} trait is the one exception: product SDKs send it routinely, so it is not refused, but it
 * becomes the account's contact only for a source granted {@code contactEmail} ({@link #contactFromEmailTrait}).
 */
public final class ProfileGrants {

    private static final Map<String, ProfileField> MEMBERS = Map.ofEntries(
            Map.entry("name", ProfileField.NAME),
            Map.entry("plan", ProfileField.PLAN),
            Map.entry("mrrMinor", ProfileField.MRR),
            Map.entry("mrr", ProfileField.MRR),
            Map.entry("currency", ProfileField.MRR),
            Map.entry("segment", ProfileField.SEGMENT),
            Map.entry("coverageModel", ProfileField.COVERAGE_MODEL),
            Map.entry("csmOwnerEmail", ProfileField.CSM_OWNER_EMAIL),
            Map.entry("contactEmail", ProfileField.CONTACT_EMAIL),
            Map.entry("contactLanguage", ProfileField.CONTACT_LANGUAGE),
            Map.entry("seats", ProfileField.SEATS),
            Map.entry("contractStart", ProfileField.CONTRACT_START),
            Map.entry("renewalDate", ProfileField.RENEWAL_DATE));

    private ProfileGrants() {
    }

    /** Records a forbidden write for every granted-only member of {@code object} the scope lacks. */
    public static void check(JsonNode object, String parent, SourceScope scope, FieldErrors errors) {
        if (object == null || !object.isObject()) {
            return;
        }
        object.fieldNames().forEachRemaining(member -> {
            ProfileField field = MEMBERS.get(member);
            if (field != null && JsonFields.present(object, member) != null && !scope.allowsProfileField(field)) {
                errors.forbid(JsonFields.path(parent, member), scope.refusedField(field));
            }
        });
    }

    /** Whether Segment's {@code email} group trait may become the customer contact for this source. */
    public static boolean contactFromEmailTrait(SourceScope scope) {
        return scope.allowsProfileField(ProfileField.CONTACT_EMAIL);
    }
}
