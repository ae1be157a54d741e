package io.healthscore.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.CoverageModel;
import io.healthscore.ingest.problem.IngestRejection;
import io.healthscore.ingest.publish.OutgoingRecord;
import io.healthscore.ingest.scope.ProfileGrants;
import io.healthscore.ingest.validation.FieldErrors;
import io.healthscore.ingest.validation.JsonFields;
import io.healthscore.schemas.Topics;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code PUT /v1/accounts/{accountId}}: the account's full profile
 * {@code {name?, plan?, mrrMinor?, currency?, segment?, coverageModel?, csmOwnerEmail?, contactEmail?,
 * contactLanguage?, seats?, contractStart?, renewalDate?, updatedAt?}} → one {@link AccountProfile} on the
 * compacted account-profiles topic. PUT semantics: absent fields become null, as the latest record wins.
 * Routing and contract fields need the source's grant (403 otherwise, see {@link ProfileGrants}).
 */
@Singleton
public final class AccountProfileMapper {

    private static final Set<String> FIELDS = Set.of("name", "plan", "mrrMinor", "currency", "segment",
            "coverageModel", "csmOwnerEmail", "contactEmail", "contactLanguage", "seats", "contractStart",
            "renewalDate", "updatedAt");
    private static final int MAX_SEATS = 10_000_000;

    private final Topics topics;
    private final EventTimeResolver times;

    public AccountProfileMapper(Topics topics, EventTimeResolver times) {
        this.topics = topics;
        this.times = times;
    }

    /** A mapper for the account named in the path. */
    public RequestMapper forAccount(String accountId) {
        return (body, context) -> map(accountId, body, context);
    }

    private MappedRequest map(String accountIdParam, JsonNode body, RequestContext context) {
        FieldErrors errors = new FieldErrors();
        JsonFields fields = new JsonFields(errors);
        String accountId = fields.checkId(accountIdParam, "accountId");
        if (!body.isObject()) {
            throw IngestRejection.invalid("body", "must be a JSON object");
        }
        fields.rejectUnknown(body, "", FIELDS);
        ProfileGrants.check(body, "", context.scope(), errors);
        AccountProfile.Builder profile = AccountProfile.newBuilder()
                .setAccountId(accountId == null ? "" : accountId)
                .setName(fields.text(body, "", "name", false))
                .setPlan(fields.id(body, "", "plan", false))
                .setMrrMinor(fields.integer(body, "", "mrrMinor", 0, Long.MAX_VALUE))
                .setCurrency(fields.currency(body, "", "currency"))
                .setSegment(fields.id(body, "", "segment", false))
                .setCoverageModel(fields.symbol(body, "", "coverageModel", CoverageModel.class, false))
                .setCsmOwnerEmail(fields.email(body, "", "csmOwnerEmail"))
                .setContactEmail(fields.email(body, "", "contactEmail"))
                .setContactLanguage(fields.language(body, "", "contactLanguage"))
                .setSeats(toInt(fields.integer(body, "", "seats", 0, MAX_SEATS)))
                .setContractStart(fields.date(body, "", "contractStart"))
                .setRenewalDate(fields.date(body, "", "renewalDate"))
                .setSource(context.source());
        Instant updatedAt = times.check(fields.instant(body, "", "updatedAt", false), context.receivedAt(),
                "updatedAt", errors);
        profile.setUpdatedAt(ProfileTimes.orderingTime(updatedAt, context.receivedAt()));
        errors.throwIfAny();
        AccountProfile value = profile.build();
        return new MappedRequest(List.of(new OutgoingRecord<>(topics.accountProfiles(), accountId, value)),
                List.of(), 0, 0);
    }

    private static Integer toInt(Long value) {
        return value == null ? null : Math.toIntExact(value);
    }
}
