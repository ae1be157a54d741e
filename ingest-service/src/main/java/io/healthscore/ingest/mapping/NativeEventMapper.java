package io.healthscore.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.ingest.config.IngestLimits;
import io.healthscore.ingest.problem.FieldError;
import io.healthscore.ingest.problem.IngestRejection;
import io.healthscore.ingest.publish.OutgoingRecord;
import io.healthscore.ingest.validation.FieldErrors;
import io.healthscore.ingest.validation.JsonFields;
import io.healthscore.schemas.Topics;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /v1/events}: one event object or an array of them, each
 * {@code {type, accountId, userId?, feature?, onboardingStep?, occurredAt?, messageId?, properties?}} → one
 * {@link UsageEvent} on usage-events keyed by accountId. feature is required for feature_used, onboardingStep for
 * onboarding_step_completed; occurredAt defaults to the time of receipt; messageId is generated when absent.
 */
@Singleton
public final class NativeEventMapper implements RequestMapper {

    /** The event types the native API accepts; OTHER is a reader's fallback, not something to send. */
    enum NativeEventType { LOGIN, LOGOUT, FEATURE_USED, ONBOARDING_STEP_COMPLETED, PAGE_VIEWED }

    private static final Set<String> FIELDS = Set.of("type", "accountId", "userId", "feature", "onboardingStep",
            "occurredAt", "messageId", "properties");

    private final Topics topics;
    private final IngestLimits limits;
    private final EventTimeResolver times;

    public NativeEventMapper(Topics topics, IngestLimits limits, EventTimeResolver times) {
        this.topics = topics;
        this.limits = limits;
        this.times = times;
    }

    @Override
    public MappedRequest map(JsonNode body, RequestContext context) {
        if (!context.scope().usage()) {
            throw IngestRejection.forbidden(context.scope().refusedUsage() + "; nothing was stored",
                    List.of(new FieldError("body", context.scope().refusedUsage())));
        }
        List<JsonNode> events = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        if (body.isArray()) {
            EventSize.requireCount(body.size(), limits.nativeMaxEvents(), "body");
            for (int i = 0; i < body.size(); i++) {
                events.add(body.get(i));
                paths.add(JsonFields.index("", i));
            }
        } else {
            events.add(body);
            paths.add("");
        }
        FieldErrors errors = new FieldErrors();
        JsonFields fields = new JsonFields(errors);
        List<OutgoingRecord<?, ?>> records = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            EventSize.requireSize(events.get(i), limits.nativeMaxEventBytes(), paths.get(i));
            UsageEvent event = event(events.get(i), paths.get(i), fields, context);
            if (event != null) {
                records.add(new OutgoingRecord<>(topics.usageEvents(), event.getAccountId(), event));
                ids.add(event.getMessageId());
            }
        }
        errors.throwIfAny();
        return new MappedRequest(records, ids, 0, 0);
    }

    private UsageEvent event(JsonNode node, String path, JsonFields fields, RequestContext context) {
        if (!fields.requireObject(node, path.isEmpty() ? "body" : path)) {
            return null;
        }
        int before = fields.errors().count();
        fields.rejectUnknown(node, path, FIELDS);
        NativeEventType type = fields.symbol(node, path, "type", NativeEventType.class, true);
        String accountId = fields.id(node, path, "accountId", true);
        String userId = fields.id(node, path, "userId", false);
        String feature = fields.id(node, path, "feature", type == NativeEventType.FEATURE_USED);
        String step = fields.id(node, path, "onboardingStep", type == NativeEventType.ONBOARDING_STEP_COMPLETED);
        Instant occurredAt = fields.instant(node, path, "occurredAt", false);
        occurredAt = times.check(occurredAt, context.receivedAt(), JsonFields.path(path, "occurredAt"), fields.errors());
        String messageId = fields.id(node, path, "messageId", false);
        Map<String, String> properties = fields.properties(node, path, "properties", limits.maxProperties());
        if (fields.errors().count() > before || type == null) {
            return null;
        }
        return UsageEvent.newBuilder()
                .setMessageId(messageId != null ? messageId : UUID.randomUUID().toString())
                .setAccountId(accountId)
                .setUserId(userId)
                .setType(UsageEventType.valueOf(type.name()))
                .setFeature(feature)
                .setOnboardingStep(step)
                .setOccurredAt(occurredAt != null ? occurredAt : context.receivedAt())
                .setReceivedAt(context.receivedAt())
                .setSource(context.source())
                .setProperties(Map.copyOf(properties))
                .build();
    }
}
