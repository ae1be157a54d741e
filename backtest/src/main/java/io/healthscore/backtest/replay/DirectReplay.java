package io.healthscore.backtest.replay;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.UsageEvent;
import io.healthscore.backtest.replay.ReplayPartition.Output;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;
import io.healthscore.schemas.registry.InMemorySchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryConfig;
import io.healthscore.schemas.values.ValueBounds;
import io.healthscore.scoring.ClockMode;
import io.healthscore.scoring.ScoringConfig;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.state.AccountState;
import io.healthscore.scoring.state.AccountStateSerde;
import io.healthscore.scoring.topology.AccountScoringProcessor;
import io.healthscore.scoring.topology.ScoringTopology;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The scoring topology's processor ({@link AccountScoringProcessor}, with its stores and punctuator) replayed without
 * Kafka Streams' test driver, so without what a replay does not need: no serde between the processor and its stores
 * (states stay decoded, and are read as the serde would give them back, {@code AccountStateSerde.asStored}), no
 * RocksDB, no changelog, no commit per record, no Avro between the log and the processor or the processor and the
 * report, no topic routing. Everything the outputs depend on is as {@link TopologyReplay} runs it: the same processor
 * code, stream time = the latest input time, the punctuator on the same grid with the same "now", the sweep's cursor
 * walk over the accounts in key order, the dead-letter reasons, and the order in which outputs reach the observations.
 *
 * <p>Accounts are independent, so they are spread over {@code threads} partitions by key hash, each on its own
 * thread, while the calling thread reads and maps the log. Every partition gets the log's stream time; at each
 * punctuation the partitions meet, and each sweeps its accounts of the slice one task would have swept. The
 * processor keeps up to {@link AccountScoringProcessor#ACCOUNTS_KEPT_DECODED} accounts in bounded caches whose hits
 * and misses one task decides over all accounts; partitions would decide them apart, so a log with more accounts
 * than that (or whose count is not known) runs in one partition.
 */
public final class DirectReplay implements Replay {

    private static final int BATCH = 512;
    private static final int DRAIN_EVERY = 2_000;
    private static final int USAGE = 0;
    private static final int SIGNALS = 1;
    private static final int PROFILES = 2;

    private final String scope = "backtest-" + UUID.randomUUID();
    private final SchemaRegistryClient registry;
    private final ScoringConfig config;
    private final DeclineMeasures declines;
    private final long interval;
    private final List<String> inputTopics;
    private final List<String> deadLetterTopics;
    private final Map<String, Consumer<Object>> handlers = new HashMap<>();
    private final Map<String, String> sinkTopics;
    private final ReplayObservations observations = new ReplayObservations();
    private final int partitionCount;
    private ReplayPartition[] partitions;
    private Thread[] threads;
    private ReplayPartition.Shared shared;
    private ReplayPartition.Input[][] batches;
    private int[] batchSizes;
    private final long[] partitionTimes = {-1, -1, -1};
    private long streamTime = -1;
    private long nextPunctuation;
    private long day = Long.MIN_VALUE;
    private long inputs;
    private long sinceDrain;
    /** The inputs after which one task's replay would have drained its outputs, since the last delivery. */
    private final List<Long> drainedAfter = new ArrayList<>();
    private double workerCpu;
    private boolean stopped;
    private boolean closed;

    /** @param accountsAtMost an upper bound of the accounts in the log, or -1 when unknown */
    public DirectReplay(ScoringModel model, ReplaySettings settings, long accountsAtMost) {
        declines = new DeclineMeasures(model.alerts().usageDecline(), observations);
        config = ScoringConfig.defaults(model).withClock(ClockMode.STREAM_TIME)
                .withEvaluation(settings.evaluationInterval(), settings.evaluationSliceSize());
        interval = settings.evaluationInterval().toMillis();
        registry = SchemaRegistryClient.create(SchemaRegistryConfig.of("mem://" + scope));
        Topics topics = Topics.create(TopicNames.defaults(), registry, true);
        inputTopics = Stream.of(topics.usageEvents(), topics.accountSignals(), topics.accountProfiles())
                .map(t -> t.name()).toList();
        deadLetterTopics = Stream.of(topics.usageEvents(), topics.accountSignals(), topics.accountProfiles())
                .map(t -> topics.dlqOf(t).name()).toList();
        sinkTopics = sinksOf(ScoringTopology.build(config, topics).describe());
        // What TopologyReplay.drain reads, topic by topic.
        handlers.put(topics.healthScores().name(), v -> observations.score((HealthScore) v));
        handlers.put(topics.levelTransitions().name(), v -> observations.transition((LevelTransition) v));
        handlers.put(topics.churnRiskAlerts().name(), v -> observations.alert((ChurnRiskAlert) v));
        handlers.put(topics.expansionOpportunities().name(), v -> observations.expansion((ExpansionOpportunity) v));
        partitionCount = accountsAtMost >= 0 && accountsAtMost <= AccountScoringProcessor.ACCOUNTS_KEPT_DECODED
                ? settings.threads() : 1;
    }

    /**
     * Sink name to topic, checked against what this harness runs: one processor, the scoring processor, with the
     * five stores it knows. A topology that gained a processor or a store would be replayed wrongly, so it is refused.
     */
    private static Map<String, String> sinksOf(TopologyDescription description) {
        Map<String, String> sinks = new HashMap<>();
        Set<String> processors = new HashSet<>();
        Set<String> stores = new HashSet<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Sink sink) {
                    sinks.put(sink.name(), sink.topic());
                } else if (node instanceof TopologyDescription.Processor p) {
                    processors.add(p.name());
                    stores.addAll(p.stores());
                }
            }
        }
        Set<String> known = Set.of(ScoringTopology.ACCOUNT_STORE, ScoringTopology.SEEN_MESSAGES_STORE,
                ScoringTopology.LEVEL_INDEX_STORE, ScoringTopology.LEVEL_COUNTS_STORE, ScoringTopology.EXPANSION_STORE);
        if (!processors.equals(Set.of(ScoringTopology.SCORING_PROCESSOR)) || !stores.equals(known)) {
            throw new IllegalStateException("the scoring topology has processors " + processors + " and stores "
                    + stores + "; the direct replay runs " + ScoringTopology.SCORING_PROCESSOR + " with " + known
                    + " only (replay with --replay-engine driver)");
        }
        return sinks;
    }

    /** Partitions the replay spreads the accounts over. */
    public int partitions() {
        return partitionCount;
    }

    private void start() {
        shared = new ReplayPartition.Shared(partitionCount);
        partitions = new ReplayPartition[partitionCount];
        threads = new Thread[partitionCount];
        batches = new ReplayPartition.Input[partitionCount][BATCH];
        batchSizes = new int[partitionCount];
        Set<String> observed = new HashSet<>(handlers.keySet());
        observed.addAll(deadLetterTopics);
        for (int p = 0; p < partitionCount; p++) {
            partitions[p] = new ReplayPartition(p, partitionCount, shared, config, inputTopics, deadLetterTopics,
                    sinkTopics, observed);
            threads[p] = new Thread(partitions[p], "replay-partition-" + p);
            threads[p].setDaemon(true);
            threads[p].start();
        }
    }

    @Override
    public void pipe(SpecificRecord input) {
        if (stopped) {
            throw new IllegalStateException("the replay is finished");
        }
        if (partitions == null) {
            start();
        }
        int topic;
        String key;
        Instant received;
        switch (input) {
            case UsageEvent e -> {
                topic = USAGE;
                key = e.getAccountId();
                received = e.getReceivedAt();
            }
            case AccountSignal s -> {
                topic = SIGNALS;
                key = s.getAccountId();
                received = s.getReceivedAt();
            }
            case AccountProfile p -> {
                topic = PROFILES;
                key = p.getAccountId();
                received = p.getUpdatedAt();
            }
            default -> throw new IllegalArgumentException("not a scoring input: " + input.getClass().getName());
        }
        long time = received.toEpochMilli();
        crossMidnights(Math.floorDiv(time, TopologyReplay.DAY_MS));
        // The topology's timestamp extractor (ReceivedAtTimestampExtractor) on a record piped at that time.
        long timestamp = ValueBounds.instantInRange(received) && time >= 0 ? time
                : time >= 0 ? time : Math.max(partitionTimes[topic], 0);
        partitionTimes[topic] = Math.max(partitionTimes[topic], timestamp);
        streamTime = Math.max(streamTime, timestamp);
        long seq = inputs;
        int p = ReplayPartition.of(key, partitionCount);
        batches[p][batchSizes[p]++] = new ReplayPartition.Input(seq, topic, key, input, timestamp, streamTime);
        if (batchSizes[p] == BATCH) {
            flush(p);
        }
        // Stream-time punctuation as Kafka Streams schedules it: on the grid of the interval from 0, at most once per
        // input, with "now" = the stream time that reached it.
        if (streamTime >= nextPunctuation) {
            flushAll();
            for (ReplayPartition partition : partitions) {
                partition.send(new ReplayPartition.Sweep(seq, streamTime));
            }
            nextPunctuation = (Math.floorDiv(streamTime, interval) + 1) * interval;
        }
        inputs++;
        if (++sinceDrain >= DRAIN_EVERY) {
            drainedAfter(seq);
        }
    }

    private void drainedAfter(long seq) {
        sinceDrain = 0;
        if (drainedAfter.isEmpty() || drainedAfter.getLast() != seq) {
            drainedAfter.add(seq);
        }
    }

    private void flush(int p) {
        if (batchSizes[p] > 0) {
            partitions[p].send(new ReplayPartition.Batch(batches[p], batchSizes[p]));
            batches[p] = new ReplayPartition.Input[BATCH];
            batchSizes[p] = 0;
        }
    }

    private void flushAll() {
        for (int p = 0; p < partitionCount; p++) {
            flush(p);
        }
    }

    /** Before the first input of a later day: what was published so far is the state at each midnight passed. */
    private void crossMidnights(long inputDay) {
        if (day == Long.MIN_VALUE) {
            day = inputDay;
            return;
        }
        if (inputDay <= day) {
            return;
        }
        drain();
        for (long d = day + 1; d <= inputDay; d++) {
            observations.midnight(d);
        }
        measureDeclines(day + 1);
        day = inputDay;
    }

    /**
     * The USAGE_DECLINE measure of every account at a midnight, in key order, as TopologyReplay takes it. The measure
     * reads the first usage and the active users only, which the state's serde keeps exactly, so the states are
     * read as they are.
     */
    private void measureDeclines(long midnight) {
        forEachAccount(false, (key, state) -> declines.measure(key, state, midnight, observations));
    }

    /**
     * Every account's state in key order, after all inputs so far: {@code asStored} gives each as a store read
     * would (a copy through the serde), otherwise the live state, which must not be changed.
     */
    void forEachAccount(boolean asStored, BiConsumer<String, AccountState> visit) {
        barrier();
        TreeMap<String, AccountState> all = new TreeMap<>(KeyOrder.INSTANCE);
        for (ReplayPartition partition : partitions) {
            all.putAll(partition.accounts());
        }
        all.forEach((key, state) -> visit.accept(key, asStored
                ? AccountStateSerde.decode(AccountStateSerde.encode(state)) : state));
    }

    /** Waits until every partition has processed everything sent to it. */
    private void barrier() {
        if (partitions == null || stopped) {
            return;
        }
        flushAll();
        CountDownLatch reached = new CountDownLatch(partitionCount);
        for (ReplayPartition partition : partitions) {
            partition.send(new ReplayPartition.Barrier(reached));
        }
        try {
            while (!reached.await(100, TimeUnit.MILLISECONDS)) {
                shared.check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying", e);
        }
        shared.check();
    }

    /**
     * Delivers everything published so far to the observations, in the order one task publishes it; dead letters
     * as TopologyReplay reads them: per drain, those of usage events, then signals, then profiles.
     */
    @Override
    public void drain() {
        if (inputs > 0) {
            drainedAfter(inputs - 1);
        }
        if (partitions == null) {
            return;
        }
        barrier();
        List<Output> merged = merge();
        List<List<Output>> deadLetters = new ArrayList<>();
        for (int i = 0; i < deadLetterTopics.size(); i++) {
            deadLetters.add(new ArrayList<>());
        }
        int window = 0;
        for (Output out : merged) {
            Consumer<Object> handler = handlers.get(out.topic());
            if (handler != null) {
                handler.accept(out.value());
                continue;
            }
            while (out.seq() > drainedAfter.get(window)) {
                deliverDeadLetters(deadLetters);
                window++;
            }
            deadLetters.get(deadLetterTopics.indexOf(out.topic())).add(out);
        }
        deliverDeadLetters(deadLetters);
        drainedAfter.clear();
    }

    private void deliverDeadLetters(List<List<Output>> byTopic) {
        for (List<Output> topic : byTopic) {
            topic.forEach(out -> observations.deadLetter((String) out.value()));
            topic.clear();
        }
    }

    private List<Output> merge() {
        List<List<Output>> parts = new ArrayList<>();
        int total = 0;
        for (ReplayPartition partition : partitions) {
            List<Output> part = partition.takeOutputs();
            parts.add(part);
            total += part.size();
        }
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        List<Output> merged = new ArrayList<>(total);
        int[] at = new int[parts.size()];
        while (merged.size() < total) {
            int best = -1;
            for (int p = 0; p < parts.size(); p++) {
                if (at[p] < parts.get(p).size() && (best < 0
                        || Output.compare(parts.get(p).get(at[p]), parts.get(best).get(at[best])) < 0)) {
                    best = p;
                }
            }
            merged.add(parts.get(best).get(at[best]++));
        }
        return merged;
    }

    @Override
    public ReplayObservations finish() {
        drain();
        if (day != Long.MIN_VALUE) {
            observations.midnight(day + 1);
            measureDeclines(day + 1);
        }
        stop();
        return observations;
    }

    @Override
    public long inputs() {
        return inputs;
    }

    @Override
    public double workerCpuSeconds() {
        return workerCpu;
    }

    private void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (partitions == null) {
            return;
        }
        for (int p = 0; p < partitionCount; p++) {
            if (threads[p].isAlive()) {
                partitions[p].send(new ReplayPartition.Stop());
            }
        }
        for (int p = 0; p < partitionCount; p++) {
            try {
                threads[p].join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the replay", e);
            }
            workerCpu += partitions[p].cpuSeconds();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (partitions != null && !stopped) {
                stopped = true;
                for (Thread t : threads) {
                    t.interrupt();
                }
            }
        } finally {
            registry.close();
            InMemorySchemaRegistryClient.dropScope(scope);
        }
    }
}
