package io.healthscore.scoring.topology;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.TicketPriority;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.scoring.ClockMode;
import io.healthscore.scoring.ScoringConfig;
import io.healthscore.scoring.score.AccountClock;
import io.healthscore.scoring.state.AccountState;
import io.healthscore.schemas.AccountErasure;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one processor per account: folds usage events, signals and profiles into the account's state and
 * re-evaluates it on every input and, through a punctuator, on a schedule, so that a silent account still loses
 * score and raises INACTIVITY. The punctuator re-evaluates at most {@code evaluationSliceSize} accounts per run,
 * resuming from a cursor, so one run stays short however many accounts a task holds.
 * Redeliveries (same messageId within {@code dedupRetention}) are dropped; inputs that cannot be scored (a field
 * out of its bounds, {@link InputBounds}, or a time that does not fit now, {@link EventTimeGate}) throw
 * {@link InputRejectedException} before touching any state, and go to the dead-letter topic.
 */
public final class AccountScoringProcessor implements Processor<String, Object, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(AccountScoringProcessor.class);
    /**
     * Accounts of this task kept decoded in memory, most recently used first. Reading an account's state from the
     * store means decoding it from bytes, about an eighth of scoring's CPU per event; busy accounts send most of the
     * events, so most reads hit this. Bounded: a few MiB per task.
     */
    static final int DECODED_ACCOUNTS_PER_TASK = 1_024;
    /**
     * An event that changes none of the score's inputs re-evaluates its account only when the last evaluation is
     * older than this (or was on another day), so time-driven changes (days since the last login, say) are never
     * later than this behind; the punctuator re-evaluates silent accounts.
     */
    static final long REEVALUATE_AFTER_MILLIS = 60_000;

    private final ScoringConfig config;
    private final String profilesTopic;
    private final EventTimeGate gate;
    private final AccountEvaluator evaluator;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, AccountState> accounts;
    private WindowStore<String, Long> seenMessages;
    private String cursor;
    /**
     * Read-through only: every change is put to the store in the same call that made it (see
     * {@link #evaluateAndPublish}), so an entry here always equals the store's value; a failure in between evicts it.
     */
    private final Map<String, AccountState> decoded = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AccountState> eldest) {
            return size() > DECODED_ACCOUNTS_PER_TASK;
        }
    };

    public AccountScoringProcessor(ScoringConfig config, String profilesTopic) {
        this.config = config;
        this.profilesTopic = profilesTopic;
        this.gate = new EventTimeGate(config.lateGrace(), config.maxFutureSkew(), ScoringConfig.LONGEST_WINDOW);
        this.evaluator = new AccountEvaluator(config);
    }

    /** When each recently used account was last evaluated (scoring clock), bounded like {@link #decoded}. */
    private final Map<String, Long> evaluatedAt = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > DECODED_ACCOUNTS_PER_TASK;
        }
    };

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.accounts = context.getStateStore(ScoringTopology.ACCOUNT_STORE);
        this.seenMessages = context.getStateStore(ScoringTopology.SEEN_MESSAGES_STORE);
        // A task re-initialised after a failure may have had its stores restored: start from the store again.
        decoded.clear();
        evaluatedAt.clear();
        PunctuationType type = config.clock() == ClockMode.WALL_CLOCK
                ? PunctuationType.WALL_CLOCK_TIME : PunctuationType.STREAM_TIME;
        context.schedule(config.evaluationInterval(), type, ignored -> sweep());
    }

    @Override
    public void process(Record<String, Object> record) {
        try {
            dispatch(record);
        } catch (RuntimeException e) {
            // The account's decoded state may have been changed without being stored: read it from the store next time.
            if (record.key() != null) {
                decoded.remove(record.key());
            }
            throw e;
        }
    }

    @Override
    public void close() {
        decoded.clear();
        evaluatedAt.clear();
    }

    private boolean evaluatedRecently(String accountId, long now) {
        Long last = evaluatedAt.get(accountId);
        return last != null && now - last < REEVALUATE_AFTER_MILLIS && now >= last
                && AccountClock.epochDay(last) == AccountClock.epochDay(now);
    }

    private void dispatch(Record<String, Object> record) {
        long now = now();
        Object value = record.value();
        if (value instanceof UsageEvent event) {
            usage(record.key(), event, now);
        } else if (value instanceof AccountSignal signal) {
            signal(record.key(), signal, now);
        } else if (value instanceof AccountProfile profile) {
            profile(record.key(), profile, now);
        } else if (value == null && record.key() != null && profilesTopic.equals(topic())
                && AccountErasure.isErasure(record.headers())) {
            erase(record.key(), now);
        } else if (value == null && record.key() != null && profilesTopic.equals(topic())) {
            // A profile tombstone: the account left the CRM; forget the profile, keep the behaviour it showed.
            AccountState state = stored(record.key());
            if (state != null) {
                state.clearProfile();
                evaluateAndPublish(record.key(), state, now);
            }
        } else if (value != null) {
            throw new InputRejectedException("unexpected value type " + value.getClass().getName());
        }
    }

    private void usage(String key, UsageEvent event, long now) {
        InputBounds.check(key, event);
        gate.check(event.getOccurredAt(), event.getReceivedAt(), now);
        // Keyed by account too: message ids come from many clients, and only a repeat within one account is a redelivery.
        if (alreadySeen("u:" + key + ":" + event.getMessageId(), event.getReceivedAt().toEpochMilli())) {
            return;
        }
        AccountState state = stateOf(key);
        long occurred = event.getOccurredAt().toEpochMilli();
        UsageEventType type = event.getType();
        String feature = type == UsageEventType.FEATURE_USED && event.getFeature() != null
                && config.model().keyFeatures().contains(event.getFeature()) ? event.getFeature() : null;
        String step = type == UsageEventType.ONBOARDING_STEP_COMPLETED && event.getOnboardingStep() != null
                && config.model().requiredOnboardingSteps().contains(event.getOnboardingStep())
                ? event.getOnboardingStep() : null;
        boolean changed = state.recordUsage(AccountClock.epochDay(occurred), occurred, event.getUserId(),
                type == UsageEventType.LOGIN, feature, step, config.limits());
        if (changed || !evaluatedRecently(key, now)) {
            evaluateAndPublish(key, state, now);
        } else {
            // Only the event counts moved (the same user using the same features again the same day): the score
            // is what it was a moment ago, so store the count and skip the evaluation, most of an event's cost.
            accounts.put(key, state);
            decoded.put(key, state);
        }
    }

    private void signal(String key, AccountSignal signal, long now) {
        InputBounds.check(key, signal);
        gate.check(signal.getOccurredAt(), signal.getReceivedAt(), now);
        if (alreadySeen("s:" + key + ":" + signal.getMessageId(), signal.getReceivedAt().toEpochMilli())) {
            return;
        }
        AccountState state = stateOf(key);
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
        evaluateAndPublish(key, state, now);
    }

    private void profile(String key, AccountProfile profile, long now) {
        InputBounds.check(key, profile);
        gate.checkNotAhead("updatedAt", profile.getUpdatedAt(), now, "a profile from the future");
        AccountState state = stateOf(key);
        LocalDate renewal = profile.getRenewalDate();
        boolean applied = state.applyProfile(profile.getUpdatedAt().toEpochMilli(), profile.getSegment(),
                profile.getCoverageModel(), profile.getCsmOwnerEmail(), renewal, profile.getSeats());
        if (!applied) {
            LOG.debug("Ignored an older profile of account {} (updatedAt {})", key, profile.getUpdatedAt());
            return;
        }
        evaluateAndPublish(key, state, now);
    }

    /**
     * An erasure: the account's state and its remembered message ids go (their changelogs get tombstones, which
     * compaction keeps until delete.retention.ms and then drops), and its latest score is tombstoned. Records of
     * the account that arrive later start a new account.
     */
    private void erase(String accountId, long now) {
        accounts.delete(accountId);
        decoded.remove(accountId);
        evaluatedAt.remove(accountId);
        forgetMessages("u:" + accountId + ":");
        forgetMessages("s:" + accountId + ":");
        // Tombstone: the compacted latest-score topic must not keep the erased account's last score.
        context.forward(new Record<String, SpecificRecord>(accountId, null, now), ScoringTopology.HEALTH_SCORES_LATEST_SINK);
        LOG.info("Erased the state of an account on request");
    }

    /** Deletes every remembered message id under a key prefix (collected first: no writes under an open iterator). */
    private void forgetMessages(String prefix) {
        List<Windowed<String>> keys = new ArrayList<>();
        // Every key that starts with the prefix sorts between it and the prefix with its last character raised.
        String upper = prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
        try (KeyValueIterator<Windowed<String>, Long> it = seenMessages.fetch(prefix, upper, Instant.EPOCH,
                Instant.ofEpochMilli(Long.MAX_VALUE / 2))) {
            while (it.hasNext()) {
                Windowed<String> key = it.next().key;
                if (key.key().startsWith(prefix)) {
                    keys.add(key);
                }
            }
        }
        keys.forEach(key -> seenMessages.put(key.key(), null, key.window().start()));
    }

    private boolean alreadySeen(String messageKey, long receivedAt) {
        long retention = config.dedupRetention().toMillis();
        try (WindowStoreIterator<Long> seen = seenMessages.fetch(messageKey, receivedAt - retention,
                receivedAt + retention)) {
            if (seen.hasNext()) {
                LOG.debug("Dropped redelivered message {}", messageKey);
                return true;
            }
        }
        seenMessages.put(messageKey, receivedAt, receivedAt);
        return false;
    }

    private AccountState stateOf(String accountId) {
        AccountState state = stored(accountId);
        return state != null ? state : new AccountState();
    }

    /** The account's state as stored, decoded (from memory when recently used), or null for a new account. */
    private AccountState stored(String accountId) {
        AccountState state = decoded.get(accountId);
        if (state == null) {
            state = accounts.get(accountId);
            if (state != null) {
                decoded.put(accountId, state);
            }
        }
        return state;
    }

    private void evaluateAndPublish(String accountId, AccountState state, long now) {
        EvaluationOutcome outcome = evaluator.evaluate(accountId, state, now);
        accounts.put(accountId, state);
        decoded.put(accountId, state);
        evaluatedAt.put(accountId, now);
        outcome.score().ifPresent(score -> {
            context.forward(new Record<>(accountId, score, now), ScoringTopology.HEALTH_SCORES_SINK);
            context.forward(new Record<>(accountId, score, now), ScoringTopology.HEALTH_SCORES_LATEST_SINK);
        });
        outcome.transition().ifPresent(t ->
                context.forward(new Record<>(accountId, t, now), ScoringTopology.LEVEL_TRANSITIONS_SINK));
        outcome.alerts().forEach(alert ->
                context.forward(new Record<>(accountId, alert, now), ScoringTopology.CHURN_RISK_ALERTS_SINK));
    }

    /** Re-evaluates the next slice of accounts; the cursor wraps to the first account after the last one. */
    private void sweep() {
        long now = now();
        List<KeyValue<String, AccountState>> slice = new ArrayList<>();
        String next = null;
        // Collected first and written after the iterator is closed: stores must not change under an open iterator.
        try (KeyValueIterator<String, AccountState> it = cursor == null ? accounts.all() : accounts.range(cursor, null)) {
            while (it.hasNext()) {
                KeyValue<String, AccountState> entry = it.next();
                if (slice.size() == config.evaluationSliceSize()) {
                    next = entry.key;
                    break;
                }
                slice.add(entry);
            }
        }
        cursor = next;
        for (KeyValue<String, AccountState> entry : slice) {
            evaluateAndPublish(entry.key, entry.value, now);
        }
    }

    private long now() {
        return config.clock() == ClockMode.WALL_CLOCK ? context.currentSystemTimeMs() : context.currentStreamTimeMs();
    }

    private String topic() {
        return context.recordMetadata().map(RecordMetadata::topic).orElse(null);
    }
}
