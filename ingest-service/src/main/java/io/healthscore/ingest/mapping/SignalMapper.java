package io.healthscore.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.SignalType;
import io.healthscore.avro.TicketPriority;
import io.healthscore.ingest.config.IngestLimits;
import io.healthscore.ingest.publish.OutgoingRecord;
import io.healthscore.ingest.validation.FieldErrors;
import io.healthscore.ingest.validation.JsonFields;
import io.healthscore.schemas.Topics;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /v1/signals}: one signal or an array,
 * {@code {type, accountId, userId?, npsScore?, ticketId?, ticketPriority?, amountMinor?, currency?, note?,
 * occurredAt?, messageId?}} → {@link AccountSignal} on account-signals. nps_answer needs npsScore 0..10; ticket
 * signals need ticketId; payment signals take amountMinor and currency. Each signal type needs the source's grant
 * ({@code ingest.sources.<name>.signals}); a type outside it is refused with 403.
 */
@Singleton
public final class SignalMapper implements RequestMapper {

    enum NativeSignalType {
        NPS_ANSWER, SUPPORT_TICKET_OPENED, SUPPORT_TICKET_CLOSED, PAYMENT_FAILED, PAYMENT_SUCCEEDED, CSM_TOUCHPOINT
    }

    private static final Set<String> FIELDS = Set.of("type", "accountId", "userId", "npsScore", "ticketId",
            "ticketPriority", "amountMinor", "currency", "note", "occurredAt", "messageId");

    private final Topics topics;
    private final IngestLimits limits;
    private final EventTimeResolver times;

    public SignalMapper(Topics topics, IngestLimits limits, EventTimeResolver times) {
        this.topics = topics;
        this.limits = limits;
        this.times = times;
    }

    @Override
    public MappedRequest map(JsonNode body, RequestContext context) {
        FieldErrors errors = new FieldErrors();
        JsonFields fields = new JsonFields(errors);
        List<OutgoingRecord<?, ?>> records = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        int count = body.isArray() ? body.size() : 1;
        if (body.isArray()) {
            EventSize.requireCount(count, limits.nativeMaxEvents(), "body");
        }
        for (int i = 0; i < count; i++) {
            JsonNode node = body.isArray() ? body.get(i) : body;
            String path = body.isArray() ? JsonFields.index("", i) : "";
            EventSize.requireSize(node, limits.nativeMaxEventBytes(), path);
            AccountSignal signal = signal(node, path, fields, context);
            if (signal != null) {
                records.add(new OutgoingRecord<>(topics.accountSignals(), signal.getAccountId(), signal));
                ids.add(signal.getMessageId());
            }
        }
        errors.throwIfAny();
        return new MappedRequest(records, ids, 0, 0);
    }

    private AccountSignal signal(JsonNode node, String path, JsonFields fields, RequestContext context) {
        if (!fields.requireObject(node, path.isEmpty() ? "body" : path)) {
            return null;
        }
        int before = fields.errors().count();
        fields.rejectUnknown(node, path, FIELDS);
        NativeSignalType type = fields.symbol(node, path, "type", NativeSignalType.class, true);
        if (type != null && !context.scope().allowsSignal(SignalType.valueOf(type.name()))) {
            fields.errors().forbid(JsonFields.path(path, "type"),
                    context.scope().refusedSignal(SignalType.valueOf(type.name())));
        }
        boolean ticket = type == NativeSignalType.SUPPORT_TICKET_OPENED || type == NativeSignalType.SUPPORT_TICKET_CLOSED;
        Long nps = fields.integer(node, path, "npsScore", 0, 10);
        if (type == NativeSignalType.NPS_ANSWER && nps == null && JsonFields.present(node, "npsScore") == null) {
            fields.errors().add(JsonFields.path(path, "npsScore"), "is required for nps_answer");
        }
        String accountId = fields.id(node, path, "accountId", true);
        String userId = fields.id(node, path, "userId", false);
        String ticketId = fields.id(node, path, "ticketId", ticket);
        TicketPriority priority = fields.symbol(node, path, "ticketPriority", TicketPriority.class, false);
        Long amount = fields.integer(node, path, "amountMinor", 0, Long.MAX_VALUE);
        String currency = fields.currency(node, path, "currency");
        String note = fields.text(node, path, "note", false);
        Instant occurredAt = times.check(fields.instant(node, path, "occurredAt", false), context.receivedAt(),
                JsonFields.path(path, "occurredAt"), fields.errors());
        String messageId = fields.id(node, path, "messageId", false);
        if (fields.errors().count() > before || type == null) {
            return null;
        }
        return AccountSignal.newBuilder()
                .setMessageId(messageId != null ? messageId : UUID.randomUUID().toString())
                .setAccountId(accountId)
                .setType(SignalType.valueOf(type.name()))
                .setNpsScore(nps == null ? null : nps.intValue())
                .setTicketId(ticketId)
                .setTicketPriority(priority)
                .setAmountMinor(amount)
                .setCurrency(currency)
                .setUserId(userId)
                .setNote(note)
                .setOccurredAt(occurredAt != null ? occurredAt : context.receivedAt())
                .setReceivedAt(context.receivedAt())
                .setSource(context.source())
                .build();
    }
}
