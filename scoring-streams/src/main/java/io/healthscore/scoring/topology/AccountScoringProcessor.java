package io.healthscore.scoring.topology;

import io.healthscore.scoring.dlq.DeadLetterRecords;
import io.healthscore.scoring.expansion.ExpansionSignals;
import io.healthscore.scoring.topology.ScoringSensors.DeadLetterReason;
import io.healthscore.scoring.topology.ScoringSensors.EvaluationCause;
import org.apache.kafka.common.errors.SerializationException;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.UsageEvent;
import io.healthscore.scoring.ClockMode;
import io.healthscore.scoring.ScoringConfig;
import io.healthscore.scoring.state.AccountState;
import io.healthscore.schemas.AccountErasure;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one processor per account: folds usage events, signals and profiles into the account's state and
 * re-evaluates it on every input and, through a punctuator, on a schedule, so that a silent account still loses
 * score and raises INACTIVITY. Per input: check it ({@link InputBounds}, {@link EventTimeGate}; a failure throws
 * {@link InputRejectedException} before touching any state, and the record goes to the dead-letter topic), drop a
 * redelivery ({@link SeenMessages}), fold it into the state ({@link InputFolder}), evaluate
 * ({@link AccountEvaluator}), store the state ({@link AccountStates}) and publish ({@link OutcomePublisher}), with the
 * account's expansion signals ({@link ExpansionSignals}). The
 * punctuator re-evaluates the accounts in slices ({@link AccountSweep}).
 */
public final class AccountScoringProcessor implements Processor<String, Object, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(AccountScoringProcessor.class);

    /**
     * How many accounts a task keeps decoded and remembers the last evaluation of (bounded caches in front of the
     * store): up to this many accounts nothing leaves them but by erasure or failure.
     */
    public static final int ACCOUNTS_KEPT_DECODED = AccountStates.DECODED_ACCOUNTS_PER_TASK;

    private final ScoringConfig config;
    private final String profilesTopic;
    private final EventTimeGate gate;
    private final AccountEvaluator evaluator;
    private final InputFolder folder;
    private final RecentEvaluations recent = new RecentEvaluations();
    private ProcessorContext<String, SpecificRecord> context;
    private AccountStates accounts;
    private SeenMessages seen;
    private OutcomePublisher publisher;
    private AccountSweep sweep;
    private ScoringSensors sensors;
    private LevelTally tally;
    private ExpansionSignals expansions;

    public AccountScoringProcessor(ScoringConfig config, String profilesTopic) {
        this.config = config;
        this.profilesTopic = profilesTopic;
        this.gate = new EventTimeGate(config.lateGrace(), config.maxFutureSkew(), ScoringConfig.LONGEST_WINDOW);
        this.evaluator = new AccountEvaluator(config);
        this.folder = new InputFolder(config);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        // A task re-initialised after a failure may have had its stores restored: start from the store again.
        this.accounts = new AccountStates(context.getStateStore(ScoringTopology.ACCOUNT_STORE));
        recent.clear();
        this.seen = new SeenMessages(context.getStateStore(ScoringTopology.SEEN_MESSAGES_STORE), config.dedupRetention());
        this.publisher = new OutcomePublisher(context);
        this.sweep = new AccountSweep(context.getStateStore(ScoringTopology.ACCOUNT_STORE), config.evaluationSliceSize());
        this.sensors = new ScoringSensors(context.metrics(), context.taskId().toString());
        this.tally = new LevelTally(context.getStateStore(ScoringTopology.LEVEL_INDEX_STORE),
                context.getStateStore(ScoringTopology.LEVEL_COUNTS_STORE));
        this.expansions = new ExpansionSignals(config.model(), context.getStateStore(ScoringTopology.EXPANSION_STORE));
        PunctuationType type = config.clock() == ClockMode.WALL_CLOCK
                ? PunctuationType.WALL_CLOCK_TIME : PunctuationType.STREAM_TIME;
        context.schedule(config.evaluationInterval(), type, ignored -> {
            long now = now();
            tally.countExistingOnce(context.getStateStore(ScoringTopology.ACCOUNT_STORE));
            long started = System.nanoTime();
            sweep.run((accountId, state) -> evaluateAndPublish(accountId, state, now, EvaluationCause.SWEEP));
            sensors.swept(System.nanoTime() - started);
        });
    }

    @Override
    public void process(Record<String, Object> record) {
        try {
            dispatch(record);
        } catch (RuntimeException e) {
            // The account's decoded state may have been changed without being stored: read it from the store next time.
            if (record.key() != null) {
                accounts.evict(record.key());
            }
            if (!DeadLetterRecords.retriable(e)) {
                // The processing handler dead-letters it (and processing goes on).
                sensors.deadLettered(e instanceof InputRejectedException ? DeadLetterReason.REJECTED_INPUT
                        : e instanceof SerializationException ? DeadLetterReason.UNREADABLE_STATE
                        : DeadLetterReason.FAILED);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        if (accounts != null) {
            accounts.clear();
        }
        recent.clear();
        if (sensors != null) {
            sensors.close();
        }
    }

    private void dispatch(Record<String, Object> record) {
        long now = now();
        tally.countExistingOnce(context.getStateStore(ScoringTopology.ACCOUNT_STORE));
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
            AccountState state = accounts.stored(record.key());
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
        if (seen.isRedelivery(SeenMessages.Kind.USAGE, key, event.getMessageId(), event.getReceivedAt())) {
            sensors.duplicateDropped();
            return;
        }
        sensors.eventScored();
        AccountState state = accounts.stateOf(key);
        boolean changed = folder.usage(state, event);
        if (changed || !recent.evaluatedRecently(key, now)) {
            evaluateAndPublish(key, state, now);
        } else {
            // Only the event counts moved (the same user using the same features again the same day): the score
            // is what it was a moment ago, so store the count and skip the evaluation, most of an event's cost.
            accounts.put(key, state);
        }
    }

    private void signal(String key, AccountSignal signal, long now) {
        InputBounds.check(key, signal);
        gate.check(signal.getOccurredAt(), signal.getReceivedAt(), now);
        if (seen.isRedelivery(SeenMessages.Kind.SIGNAL, key, signal.getMessageId(), signal.getReceivedAt())) {
            sensors.duplicateDropped();
            return;
        }
        sensors.eventScored();
        AccountState state = accounts.stateOf(key);
        folder.signal(state, signal);
        evaluateAndPublish(key, state, now);
    }

    private void profile(String key, AccountProfile profile, long now) {
        InputBounds.check(key, profile);
        gate.checkNotAhead("updatedAt", profile.getUpdatedAt(), now, "a profile from the future");
        AccountState state = accounts.stateOf(key);
        if (!folder.profile(state, profile)) {
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
        tally.remove(accountId);
        recent.forget(accountId);
        seen.forget(accountId);
        expansions.forget(accountId);
        // Tombstone: the compacted latest-score topic must not keep the erased account's last score.
        publisher.forgetLatest(accountId, now);
        LOG.info("Erased the state of an account on request");
    }

    private void evaluateAndPublish(String accountId, AccountState state, long now) {
        evaluateAndPublish(accountId, state, now, EvaluationCause.EVENT);
    }

    private void evaluateAndPublish(String accountId, AccountState state, long now, EvaluationCause cause) {
        EvaluationOutcome outcome = evaluator.evaluate(accountId, state, now);
        accounts.put(accountId, state);
        tally.update(accountId, state);
        recent.evaluated(accountId, now);
        publisher.publish(accountId, outcome, now);
        if (outcome != EvaluationOutcome.NOTHING) {
            publisher.publish(accountId, expansions.detect(accountId, state, now), now);
        }
        sensors.evaluated(cause);
        sensors.emitted(outcome.score().isPresent() ? 1 : 0, outcome.transition().isPresent() ? 1 : 0,
                outcome.alerts().size());
    }

    private long now() {
        return config.clock() == ClockMode.WALL_CLOCK ? context.currentSystemTimeMs() : context.currentStreamTimeMs();
    }

    private String topic() {
        return context.recordMetadata().map(RecordMetadata::topic).orElse(null);
    }
}
