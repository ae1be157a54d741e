package io.healthscore.alert.compose;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The JSON a generic webhook (MA tool, CRM) receives for an alert; the same key is in the Idempotency-Key header. */
@Singleton
public final class WebhookPayloadComposer {

    private final JsonMapper json;

    public WebhookPayloadComposer(JsonMapper json) {
        this.json = json;
    }

    public ComposedMessage compose(AlertView view, String idempotencyKey) {
        var a = view.alert();
        Payload payload = new Payload("churn-risk-alert", idempotencyKey, a.getAlertId(), a.getAccountId(),
                a.getRule().name(), a.getSeverity().name(), a.getScore(), a.getLevel().name(),
                a.getPreviousLevel() == null ? null : a.getPreviousLevel().name(), a.getDelta7d(), a.getReasons(),
                a.getRenewalDate() == null ? null : a.getRenewalDate().toString(), a.getCsmOwnerEmail(),
                a.getCoverageModel() == null ? null : a.getCoverageModel().name(), a.getSegment(),
                a.getRaisedAt().toString(), view.link());
        try {
            return new ComposedMessage(null, json.writeValueAsString(payload));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON for a level transition a playbook acts on ({@code "type": "level-transition"}). */
    public ComposedMessage compose(TransitionView view, String idempotencyKey) {
        var t = view.transition();
        TransitionPayload payload = new TransitionPayload("level-transition", idempotencyKey, view.transitionId(),
                t.getAccountId(), t.getFromLevel().name(), t.getToLevel().name(), t.getDirection().name(),
                t.getScore(), t.getPreviousScore(), t.getReasons(),
                t.getCoverageModel() == null ? null : t.getCoverageModel().name(), t.getSegment(),
                t.getTransitionedAt().toString(), view.link());
        try {
            return new ComposedMessage(null, json.writeValueAsString(payload));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON for an expansion signal a playbook acts on ({@code "type": "expansion-opportunity"}). */
    public ComposedMessage compose(ExpansionView view, String idempotencyKey) {
        var e = view.signal();
        ExpansionPayload payload = new ExpansionPayload("expansion-opportunity", idempotencyKey, e.getSignalId(),
                e.getAccountId(), e.getKind().name(), e.getScore(), e.getLevel().name(), e.getActiveUsers(),
                e.getPreviousActiveUsers(), e.getSeats(), e.getWindowDays(), e.getReasons(),
                e.getCoverageModel() == null ? null : e.getCoverageModel().name(), e.getSegment(),
                e.getDetectedAt().toString(), view.link());
        try {
            return new ComposedMessage(null, json.writeValueAsString(payload));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Webhook body for an expansion signal, version 1. */
    @Serdeable
    public record ExpansionPayload(String type, String idempotencyKey, String signalId, String accountId, String kind,
                                   double score, String level, int activeUsers, @Nullable Integer previousActiveUsers,
                                   @Nullable Integer seats, int windowDays, List<String> reasons,
                                   @Nullable String coverageModel, @Nullable String segment, String detectedAt,
                                   String link) {
    }

    /** Webhook body for a level transition, version 1. */
    @Serdeable
    public record TransitionPayload(String type, String idempotencyKey, String transitionId, String accountId,
                                    String fromLevel, String toLevel, String direction, double score,
                                    @Nullable Double previousScore, List<String> reasons,
                                    @Nullable String coverageModel, @Nullable String segment, String transitionedAt,
                                    String link) {
    }

    /** Webhook body, version 1. */
    @Serdeable
    public record Payload(String type, String idempotencyKey, String alertId, String accountId, String rule,
                          String severity, double score, String level, @Nullable String previousLevel,
                          @Nullable Double delta7d, List<String> reasons, @Nullable String renewalDate,
                          @Nullable String csmOwner, @Nullable String coverageModel, @Nullable String segment,
                          String raisedAt, String link) {
    }
}
