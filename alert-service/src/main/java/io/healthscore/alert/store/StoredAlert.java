package io.healthscore.alert.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** An alert as stored, with its inbox status; also the API's JSON view of it. */
@Serdeable
public record StoredAlert(String alertId, String accountId, String rule, String severity, double score,
                          String level, @Nullable String previousLevel, @Nullable Double delta7d,
                          List<String> reasons, @Nullable LocalDate renewalDate, @Nullable String csmOwner,
                          @Nullable String coverageModel, @Nullable String segment, Instant raisedAt,
                          Instant receivedAt, AlertStatus status, @Nullable String statusNote,
                          @Nullable String playbook, @Nullable Instant acknowledgedAt,
                          @Nullable String acknowledgedBy, @Nullable Instant resolvedAt,
                          @Nullable String resolvedBy) {
}
