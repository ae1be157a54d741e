package io.healthscore.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.ingest.config.IngestLimits;
import io.healthscore.ingest.config.SegmentSettings;
import io.healthscore.ingest.problem.IngestRejection;
import io.healthscore.ingest.publish.OutgoingRecord;
import io.healthscore.ingest.scope.ProfileGrants;
import io.healthscore.ingest.validation.FieldErrors;
import io.healthscore.ingest.validation.JsonFields;
import io.healthscore.schemas.DeadLetter;
import io.healthscore.schemas.Topics;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Segment HTTP Tracking API calls → healthscore records. In {@code /v1/batch}, the batch's own {@code sentAt}
 * and {@code context.groupId} apply to the calls that lack them.
 * <ul>
 *   <li>track → UsageEvent LOGIN / LOGOUT when the event name is a configured login / logout event, otherwise
 *       FEATURE_USED with feature = event name; page and screen → PAGE_VIEWED. The account is
 *       {@code context.groupId}. A track or page without one cannot be scored, yet is a valid Segment call: it
 *       is kept, as its original JSON keyed by userId (or anonymousId), on the usage-events dead-letter topic
 *       with {@code dlq.reason=missing-account-key: ...}, for replay once identity resolution knows its
 *       account. A groupId of the wrong type or blank is a 400.</li>
 *   <li>group → AccountProfile of {@code groupId} from the traits name, plan, mrrMinor or mrr (major units,
 *       converted with the currency's fraction digits), currency, segment, coverageModel, csmOwnerEmail,
 *       email / contactEmail, contactLanguage, seats, contractStart, renewalDate; other traits are ignored.
 *       Every trait but name needs the source's grant (403 otherwise), and {@code email} becomes the contact only
 *       for a source granted contactEmail (see {@link ProfileGrants}).</li>
 *   <li>identify and alias → validated and acknowledged, not stored: user traits do not feed the model.</li>
 * </ul>
 * Event time: {@code receivedAt − (sentAt − timestamp)} when sentAt is known (on the message or the batch),
 * else timestamp (or originalTimestamp), else receivedAt. messageId is kept, or generated.
 */
@Singleton
public final class SegmentMapper {

    /** The Segment call types; the single-call endpoints imply theirs, a batch names one per message. */
    public enum Call { TRACK, PAGE, SCREEN, IDENTIFY, GROUP, ALIAS }

    private static final int MAX_SEATS = 10_000_000;

    private final Topics topics;
    private final IngestLimits limits;
    private final SegmentSettings settings;
    private final EventTimeResolver times;

    public SegmentMapper(Topics topics, IngestLimits limits, SegmentSettings settings, EventTimeResolver times) {
        this.topics = topics;
        this.limits = limits;
        this.settings = settings;
        this.times = times;
    }

    /** The mapper of a single-call endpoint ({@code /v1/track} etc.). */
    public RequestMapper single(Call call) {
        return (body, context) -> {
            if (!body.isObject()) {
                throw IngestRejection.invalid("body", "must be a JSON object");
            }
            Collector out = new Collector();
            message(body, "", call, BatchDefaults.NONE, context, out);
            out.errors.throwIfAny();
            return out.result();
        };
    }

    /** The mapper of {@code /v1/batch}: {@code {batch: [...], sentAt?, context?}}. */
    public RequestMapper batch() {
        return (body, context) -> {
            if (!body.isObject()) {
                throw IngestRejection.invalid("body", "must be a JSON object with a batch array");
            }
            JsonNode batch = JsonFields.present(body, "batch");
            if (batch == null || !batch.isArray()) {
                throw IngestRejection.invalid("batch", "is required and must be a JSON array");
            }
            EventSize.requireCount(batch.size(), limits.segmentMaxBatchEvents(), "batch");
            Collector out = new Collector();
            // Segment: a batch's own sentAt and context apply to every call in it that lacks its own.
            AccountKey batchAccount = accountKey(body, "", out.fields);
            BatchDefaults defaults = new BatchDefaults(out.fields.instant(body, "", "sentAt", false),
                    batchAccount == null ? AccountKey.ABSENT : batchAccount);
            for (int i = 0; i < batch.size(); i++) {
                String path = JsonFields.index("batch", i);
                JsonNode message = batch.get(i);
                EventSize.requireSize(message, limits.segmentMaxEventBytes(), path);
                if (!out.fields.requireObject(message, path)) {
                    continue;
                }
                Call call = out.fields.symbol(message, path, "type", Call.class, true);
                if (call != null) {
                    message(message, path, call, defaults, context, out);
                }
            }
            out.errors.throwIfAny();
            return out.result();
        };
    }

    private void message(JsonNode node, String path, Call call, BatchDefaults batch, RequestContext context,
                         Collector out) {
        JsonFields f = out.fields;
        int before = out.errors.count();
        String messageId = f.id(node, path, "messageId", false);
        String userId = f.id(node, path, "userId", false);
        String anonymousId = f.id(node, path, "anonymousId", false);
        if (userId == null && anonymousId == null && JsonFields.present(node, "userId") == null
                && JsonFields.present(node, "anonymousId") == null) {
            out.errors.add(JsonFields.path(path, "userId"), "userId or anonymousId is required");
        }
        Instant occurredAt = eventTime(node, path, batch.sentAt(), context, f);
        String id = messageId != null ? messageId : UUID.randomUUID().toString();
        if (call != Call.GROUP && !context.scope().usage()) {
            out.errors.forbid(path.isEmpty() ? "body" : JsonFields.path(path, "type"), context.scope().refusedUsage());
            return;
        }
        switch (call) {
            case TRACK, PAGE, SCREEN -> {
                AccountKey own = accountKey(node, path, f);
                AccountKey account = own != null && own.absent() ? batch.account() : own;
                UsageEvent event = usageEvent(node, path, call, f, context);
                if (event == null || account == null || out.errors.count() != before) {
                    return;
                }
                if (account.absent()) {
                    out.unattributed(unattributed(node, path, userId != null ? userId : anonymousId, id, context), id);
                    return;
                }
                event.setAccountId(account.id());
                event.setMessageId(id);
                event.setUserId(userId);
                event.setOccurredAt(occurredAt);
                if (anonymousId != null) {
                    event.getProperties().put("segment.anonymousId", anonymousId);
                }
                out.add(new OutgoingRecord<>(topics.usageEvents(), account.id(), event), id);
            }
            case GROUP -> {
                AccountProfile profile = profile(node, path, f, context);
                if (profile != null && out.errors.count() == before) {
                    profile.setUpdatedAt(ProfileTimes.orderingTime(occurredAt, context.receivedAt()));
                    out.add(new OutgoingRecord<>(topics.accountProfiles(), profile.getAccountId(), profile), id);
                }
            }
            case IDENTIFY, ALIAS -> out.ignored++;
        }
    }

    private Instant eventTime(JsonNode node, String path, Instant batchSentAt, RequestContext context, JsonFields f) {
        Instant timestamp = f.instant(node, path, "timestamp", false);
        Instant original = f.instant(node, path, "originalTimestamp", false);
        Instant sentAt = f.instant(node, path, "sentAt", false);
        Instant clientTime = timestamp != null ? timestamp : original;
        Instant time = times.segmentTime(clientTime, sentAt != null ? sentAt : batchSentAt, context.receivedAt());
        String field = JsonFields.path(path, timestamp != null || original == null ? "timestamp" : "originalTimestamp");
        Instant checked = times.check(time, context.receivedAt(), field, f.errors());
        return checked != null ? checked : context.receivedAt();
    }

    private UsageEvent usageEvent(JsonNode node, String path, Call call, JsonFields f, RequestContext context) {
        Map<String, String> properties = new LinkedHashMap<>(
                f.properties(node, path, "properties", limits.maxProperties()));
        properties.put("segment.type", call.name().toLowerCase(Locale.ROOT));
        UsageEventType type = UsageEventType.PAGE_VIEWED;
        String feature = null;
        if (call == Call.TRACK) {
            String event = f.id(node, path, "event", true);
            if (event == null) {
                return null;
            }
            properties.put("segment.event", event);
            type = settings.loginEvents().contains(event) ? UsageEventType.LOGIN
                    : settings.logoutEvents().contains(event) ? UsageEventType.LOGOUT
                    : UsageEventType.FEATURE_USED;
            feature = type == UsageEventType.FEATURE_USED ? event : null;
        } else {
            String name = f.text(node, path, "name", false);
            if (name != null) {
                properties.put("segment.name", name);
            }
        }
        return UsageEvent.newBuilder()
                .setMessageId("")
                .setAccountId("")
                .setType(type)
                .setFeature(feature)
                .setOccurredAt(context.receivedAt())
                .setReceivedAt(context.receivedAt())
                .setSource(context.source())
                .setProperties(properties)
                .build();
    }

    /** {@code context.groupId}: present, absent (the event is unattributed), or null when invalid (an error). */
    private static AccountKey accountKey(JsonNode node, String path, JsonFields f) {
        JsonNode contextNode = JsonFields.present(node, "context");
        String contextPath = JsonFields.path(path, "context");
        if (contextNode == null) {
            return AccountKey.ABSENT;
        }
        if (!f.requireObject(contextNode, contextPath)) {
            return null;
        }
        if (JsonFields.present(contextNode, "groupId") == null) {
            return AccountKey.ABSENT;
        }
        String groupId = f.id(contextNode, contextPath, "groupId", true);
        return groupId == null ? null : new AccountKey(groupId);
    }

    /**
     * The original message, as compact JSON without its write key and with only the context members a replay
     * needs ({@link ParkedCall}), on the usage-events dead-letter topic keyed by its user, with the shared
     * dead-letter headers, so that it can be replayed once its account is known.
     */
    private OutgoingRecord<byte[], byte[]> unattributed(JsonNode node, String path, String user, String messageId,
                                                        RequestContext context) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(DeadLetter.REASON, "missing-account-key: " + JsonFields.path(path, "context.groupId") + " is absent");
        headers.put(DeadLetter.SOURCE_TOPIC, topics.usageEvents().name());
        headers.put(DeadLetter.FAILED_AT, context.receivedAt().toString());
        headers.put("ingest.source", context.source());
        headers.put("ingest.message.id", messageId);
        return new OutgoingRecord<>(topics.dlqOf(topics.usageEvents()), user.getBytes(StandardCharsets.UTF_8),
                ParkedCall.of(node).getBytes(StandardCharsets.UTF_8), headers);
    }

    /** What a batch gives the calls in it that lack their own: sentAt and context.groupId. */
    private record BatchDefaults(Instant sentAt, AccountKey account) {
        static final BatchDefaults NONE = new BatchDefaults(null, AccountKey.ABSENT);
    }

    private record AccountKey(String id) {
        static final AccountKey ABSENT = new AccountKey(null);

        boolean absent() {
            return id == null;
        }
    }

    private AccountProfile profile(JsonNode node, String path, JsonFields f, RequestContext context) {
        String accountId = f.id(node, path, "groupId", true);
        JsonNode traits = JsonFields.present(node, "traits");
        String t = JsonFields.path(path, "traits");
        if (traits != null && !f.requireObject(traits, t)) {
            return null;
        }
        ProfileGrants.check(traits, t, context.scope(), f.errors());
        String currency = f.currency(traits, t, "currency");
        Long mrrMinor = f.integer(traits, t, "mrrMinor", 0, Long.MAX_VALUE);
        BigDecimal mrr = f.decimal(traits, t, "mrr");
        String contactEmail = f.email(traits, t, "contactEmail");
        Long seats = f.integer(traits, t, "seats", 0, MAX_SEATS);
        AccountProfile.Builder profile = AccountProfile.newBuilder()
                .setAccountId(accountId == null ? "" : accountId)
                .setName(f.text(traits, t, "name", false))
                .setPlan(f.id(traits, t, "plan", false))
                .setMrrMinor(mrrMinor != null ? mrrMinor : minorUnits(mrr, currency))
                .setCurrency(currency)
                .setSegment(f.id(traits, t, "segment", false))
                .setCoverageModel(f.symbol(traits, t, "coverageModel", CoverageModel.class, false))
                .setCsmOwnerEmail(f.email(traits, t, "csmOwnerEmail"))
                .setContactEmail(contactEmail != null ? contactEmail : emailTrait(traits, t, f, context))
                .setContactLanguage(f.language(traits, t, "contactLanguage"))
                .setSeats(seats == null ? null : seats.intValue())
                .setContractStart(f.date(traits, t, "contractStart"))
                .setRenewalDate(f.date(traits, t, "renewalDate"))
                .setUpdatedAt(context.receivedAt())
                .setSource(context.source());
        return accountId == null ? null : profile.build();
    }

    /**
     * Segment's reserved {@code email} group trait: validated always, but the account's contact only for a source
     * granted contactEmail; from any other source (a product SDK) it is dropped.
     */
    private static String emailTrait(JsonNode traits, String t, JsonFields f, RequestContext context) {
        String email = f.email(traits, t, "email");
        return ProfileGrants.contactFromEmailTrait(context.scope()) ? email : null;
    }

    private static Long minorUnits(BigDecimal major, String currency) {
        if (major == null) {
            return null;
        }
        int digits = 2;
        if (currency != null) {
            try {
                digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
            } catch (IllegalArgumentException unknownCode) {
                // A well-formed but unassigned code: keep cents, the most common case.
            }
        }
        return major.movePointRight(digits).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** The records and message ids of one request, and its errors. */
    private static final class Collector {
        final FieldErrors errors = new FieldErrors();
        final JsonFields fields = new JsonFields(errors);
        final List<OutgoingRecord<?, ?>> records = new ArrayList<>();
        final List<String> ids = new ArrayList<>();
        int ignored;
        int unattributed;

        void unattributed(OutgoingRecord<?, ?> record, String id) {
            add(record, id);
            unattributed++;
        }

        void add(OutgoingRecord<?, ?> record, String id) {
            records.add(record);
            ids.add(id);
        }

        MappedRequest result() {
            return new MappedRequest(records, ids, ignored, unattributed);
        }
    }
}
