package io.healthscore.scoring.topology;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.UsageEvent;
import io.healthscore.scoring.ScoringConfig;

/**
 * The shape every input must have before any of it is folded into an account's state, checked again here because
 * a record can reach a topic without passing ingest (a buggy or hostile producer). Every field is checked
 * ({@link InputChecks}): ids, free text, e-mail addresses, dates and instants within {@code ValueBounds}, and
 * numbers: seats 0..{@value ScoringConfig#MAX_SEATS}, npsScore 0..10, mrrMinor and amountMinor not negative.
 * The one exception is a usage event's free-form {@code properties} map, which scoring neither stores nor publishes.
 * Whether a record's times fit "now" is {@link EventTimeGate}'s job; whether its type makes sense is the processor's.
 */
final class InputBounds {

    private InputBounds() {
    }

    static void check(String key, UsageEvent event) {
        InputChecks.keyMatches(key, event.getAccountId());
        InputChecks.requiredId("accountId", event.getAccountId());
        InputChecks.requiredId("messageId", event.getMessageId());
        InputChecks.id("userId", event.getUserId());
        InputChecks.id("feature", event.getFeature());
        InputChecks.id("onboardingStep", event.getOnboardingStep());
        InputChecks.instant("occurredAt", event.getOccurredAt());
        InputChecks.instant("receivedAt", event.getReceivedAt());
        InputChecks.requiredId("source", event.getSource());
    }

    static void check(String key, AccountSignal signal) {
        InputChecks.keyMatches(key, signal.getAccountId());
        InputChecks.requiredId("accountId", signal.getAccountId());
        InputChecks.requiredId("messageId", signal.getMessageId());
        InputChecks.id("ticketId", signal.getTicketId());
        InputChecks.notNegative("amountMinor", signal.getAmountMinor());
        InputChecks.id("currency", signal.getCurrency());
        InputChecks.id("userId", signal.getUserId());
        InputChecks.freeText("note", signal.getNote());
        InputChecks.instant("occurredAt", signal.getOccurredAt());
        InputChecks.instant("receivedAt", signal.getReceivedAt());
        InputChecks.requiredId("source", signal.getSource());
        switch (signal.getType()) {
            case NPS_ANSWER -> {
                Integer nps = signal.getNpsScore();
                if (nps == null || nps < 0 || nps > 10) {
                    throw new InputRejectedException("npsScore must be 0..10 for NPS_ANSWER, got " + nps);
                }
            }
            case SUPPORT_TICKET_OPENED, SUPPORT_TICKET_CLOSED -> {
                if (signal.getTicketId() == null) {
                    throw new InputRejectedException("ticketId is required for " + signal.getType());
                }
            }
            default -> {
            }
        }
        InputChecks.range("npsScore", signal.getNpsScore(), 0, 10);
    }

    static void check(String key, AccountProfile profile) {
        InputChecks.keyMatches(key, profile.getAccountId());
        InputChecks.requiredId("accountId", profile.getAccountId());
        InputChecks.freeText("name", profile.getName());
        InputChecks.id("plan", profile.getPlan());
        InputChecks.notNegative("mrrMinor", profile.getMrrMinor());
        InputChecks.id("currency", profile.getCurrency());
        InputChecks.id("segment", profile.getSegment());
        InputChecks.email("csmOwnerEmail", profile.getCsmOwnerEmail());
        InputChecks.email("contactEmail", profile.getContactEmail());
        InputChecks.id("contactLanguage", profile.getContactLanguage());
        InputChecks.range("seats", profile.getSeats(), 0, ScoringConfig.MAX_SEATS);
        InputChecks.date("contractStart", profile.getContractStart());
        InputChecks.date("renewalDate", profile.getRenewalDate());
        InputChecks.instant("updatedAt", profile.getUpdatedAt());
        InputChecks.requiredId("source", profile.getSource());
    }
}
