package io.healthscore.scoring.topology;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.TicketPriority;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.scoring.ScoringConfig;
import io.healthscore.scoring.score.AccountClock;
import io.healthscore.scoring.state.AccountState;

/**
 * Folds one checked, first-delivered input into an account's state: a usage event into its day (only the model's
 * key features and required onboarding steps count as such), a signal into the NPS, ticket and payment history
 * (only HIGH and URGENT tickets count as open), a profile as a partial update unless an equally new one was
 * applied. No evaluation, no I/O.
 */
final class InputFolder {

    private final ScoringConfig config;

    InputFolder(ScoringConfig config) {
        this.config = config;
    }

    /** @return whether the event changed anything a score is computed from (see {@link AccountState#recordUsage}) */
    boolean usage(AccountState state, UsageEvent event) {
        long occurred = event.getOccurredAt().toEpochMilli();
        UsageEventType type = event.getType();
        String feature = type == UsageEventType.FEATURE_USED && event.getFeature() != null
                && config.model().keyFeatures().contains(event.getFeature()) ? event.getFeature() : null;
        String step = type == UsageEventType.ONBOARDING_STEP_COMPLETED && event.getOnboardingStep() != null
                && config.model().requiredOnboardingSteps().contains(event.getOnboardingStep())
                ? event.getOnboardingStep() : null;
        return state.recordUsage(AccountClock.epochDay(occurred), occurred, event.getUserId(),
                type == UsageEventType.LOGIN, feature, step, config.limits());
    }

    void signal(AccountState state, AccountSignal signal) {
        long occurred = signal.getOccurredAt().toEpochMilli();
        switch (signal.getType()) {
            case NPS_ANSWER -> state.recordNps(signal.getNpsScore(), occurred);
            case SUPPORT_TICKET_OPENED -> {
                TicketPriority priority = signal.getTicketPriority();
                if (priority == TicketPriority.HIGH || priority == TicketPriority.URGENT) {
                    state.openTicket(signal.getTicketId(), occurred, config.limits());
                } else {
                    state.closeTicket(signal.getTicketId());
                }
            }
            case SUPPORT_TICKET_CLOSED -> state.closeTicket(signal.getTicketId());
            case PAYMENT_FAILED -> state.paymentFailed(occurred, config.limits());
            case PAYMENT_SUCCEEDED -> state.paymentSucceeded();
            default -> {
                // CSM touch-points and unknown types do not move the score (yet); they are still de-duplicated.
            }
        }
    }

    /** @return whether the profile was applied (false: older than the one applied already) */
    boolean profile(AccountState state, AccountProfile profile) {
        return state.applyProfile(profile.getUpdatedAt().toEpochMilli(), profile.getSegment(),
                profile.getCoverageModel(), profile.getCsmOwnerEmail(), profile.getRenewalDate(), profile.getSeats());
    }
}
