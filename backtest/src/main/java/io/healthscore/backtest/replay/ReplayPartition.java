package io.healthscore.backtest.replay;

import io.healthscore.schemas.DeadLetter;
import io.healthscore.scoring.ScoringConfig;
import io.healthscore.scoring.expansion.ExpansionMemory;
import io.healthscore.scoring.state.AccountState;
import io.healthscore.scoring.state.AccountStateSerde;
import io.healthscore.scoring.topology.AccountScoringProcessor;
import io.healthscore.scoring.topology.InputRejectedException;
import io.healthscore.scoring.topology.ScoringTopology;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition of a {@link DirectReplay}: the accounts whose key hashes to it, with their own scoring processor
 * ({@link AccountScoringProcessor}, as the topology builds it) over in-memory stores, run on a thread of its own.
 * Inputs come in log order with the log's stream time; at each punctuation every partition waits until all have
 * processed the inputs before it, takes the slice of accounts one task would sweep (the same cursor walk over all
 * partitions' accounts in key order) and sweeps its part of it. Outputs are tagged with their place in the log (the
 * input, or the punctuation after it and the account's place in its slice), so the replay can merge them in the order
 * one task would have published them.
 */
final class ReplayPartition implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayPartition.class);
    private static final int QUEUE_BATCHES = 64;

    /** An input in log order: {@code seq} is its place among all inputs, {@code streamTime} the log's after it. */
    record Input(long seq, int topic, String key, SpecificRecord value, long timestamp, long streamTime) {
    }

    /** Something a partition published: a sink's record value, or a dead letter's reason on a dead-letter topic. */
    record Output(long seq, int phase, int index, String topic, Object value) {

        static int compare(Output a, Output b) {
            int bySeq = Long.compare(a.seq, b.seq);
            if (bySeq != 0) {
                return bySeq;
            }
            return a.phase != b.phase ? Integer.compare(a.phase, b.phase) : Integer.compare(a.index, b.index);
        }
    }

    sealed interface Command permits Batch, Sweep, Barrier, Stop {
    }

    record Batch(Input[] inputs, int size) implements Command {
    }

    record Sweep(long seq, long streamTime) implements Command {
    }

    record Barrier(CountDownLatch reached) implements Command {
    }

    record Stop() implements Command {
    }

    /** What the partitions share: the accounts stored so far, each with the input that first stored it, and progress. */
    static final class Shared {

        final ConcurrentSkipListMap<String, Long> accounts = new ConcurrentSkipListMap<>(KeyOrder.INSTANCE);
        private final long[] reached;
        private volatile Throwable failure;

        Shared(int partitions) {
            reached = new long[partitions];
            java.util.Arrays.fill(reached, -1);
        }

        /** Marks that partition {@code me} has processed every input up to {@code seq}; waits for the others. */
        synchronized void arriveAndWait(int me, long seq) throws InterruptedException {
            reached[me] = Math.max(reached[me], seq);
            notifyAll();
            while (true) {
                check();
                boolean all = true;
                for (long r : reached) {
                    all &= r >= seq;
                }
                if (all) {
                    return;
                }
                wait(100);
            }
        }

        synchronized void fail(Throwable e) {
            if (failure == null) {
                failure = e;
            }
            notifyAll();
        }

        void check() {
            Throwable e = failure;
            if (e != null) {
                throw new IllegalStateException("a replay partition failed: " + e, e);
            }
        }
    }

    private final int me;
    private final int partitions;
    private final Shared shared;
    private final int sliceSize;
    private final List<String> inputTopics;
    private final List<String> deadLetterTopics;
    private final Map<String, String> sinkTopics;
    private final Set<String> observedTopics;
    private final BlockingQueue<Command> queue = new ArrayBlockingQueue<>(QUEUE_BATCHES);
    private final PartitionContext context;
    private final AccountScoringProcessor processor;
    private final MemoryKeyValueStore<AccountState> accounts;
    private List<Output> outputs = new ArrayList<>();
    private long seq = -1;
    private int phase;
    private Map<String, Integer> sliceIndex = Map.of();
    private String cursor;
    private String[] accountKeys = new String[0];
    private long[] accountSeqs = new long[0];
    private int accountCount;
    private int copiedSize = -1;
    private volatile double cpuSeconds;

    ReplayPartition(int me, int partitions, Shared shared, ScoringConfig config, List<String> inputTopics,
                    List<String> deadLetterTopics, Map<String, String> sinkTopics, Set<String> observedTopics) {
        this.me = me;
        this.partitions = partitions;
        this.shared = shared;
        this.sliceSize = config.evaluationSliceSize();
        this.inputTopics = inputTopics;
        this.deadLetterTopics = deadLetterTopics;
        this.sinkTopics = sinkTopics;
        this.observedTopics = observedTopics;
        this.context = new PartitionContext(me, this::forwarded);
        // Read as the store would give them: decoded from the bytes the serde wrote, in place.
        this.accounts = new MemoryKeyValueStore<>(ScoringTopology.ACCOUNT_STORE, true, AccountStateSerde::asStored,
                key -> shared.accounts.putIfAbsent(key, seq), key -> {
                    throw new IllegalStateException("the direct replay does not erase accounts");
                });
        context.add(accounts);
        context.add(new SeenWindowStore(ScoringTopology.SEEN_MESSAGES_STORE, config.dedupRetention().multipliedBy(2).toMillis()));
        context.add(MemoryKeyValueStore.<String>plain(ScoringTopology.LEVEL_INDEX_STORE));
        context.add(MemoryKeyValueStore.<Long>plain(ScoringTopology.LEVEL_COUNTS_STORE));
        // Kept as objects: the processor puts every change it makes, and the serde keeps every field exactly.
        context.add(MemoryKeyValueStore.<ExpansionMemory>plain(ScoringTopology.EXPANSION_STORE));
        this.processor = new AccountScoringProcessor(config, inputTopics.get(2));
        processor.init(context);
        if (context.punctuator() == null) {
            throw new IllegalStateException("the scoring processor scheduled no punctuator");
        }
    }

    static int of(String key, int partitions) {
        return key == null ? 0 : Math.floorMod(key.hashCode(), partitions);
    }

    /** Hands a command over, waiting while the partition is behind (and failing if it failed). */
    void send(Command command) {
        try {
            while (!queue.offer(command, 100, TimeUnit.MILLISECONDS)) {
                shared.check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying", e);
        }
    }

    /** The outputs since the last call; only while the partition waits at a barrier. */
    List<Output> takeOutputs() {
        List<Output> taken = outputs;
        outputs = new ArrayList<>();
        return taken;
    }

    /** The account states as they are (not as read from a store); only while the partition waits at a barrier. */
    Map<String, AccountState> accounts() {
        return accounts.raw();
    }

    double cpuSeconds() {
        return cpuSeconds;
    }

    @Override
    public void run() {
        try {
            while (true) {
                Command command = queue.take();
                switch (command) {
                    case Batch b -> {
                        for (int i = 0; i < b.size(); i++) {
                            process(b.inputs()[i]);
                        }
                    }
                    case Sweep s -> sweep(s.seq(), s.streamTime());
                    case Barrier b -> b.reached().countDown();
                    case Stop ignored -> {
                        processor.close();
                        return;
                    }
                }
            }
        } catch (Throwable e) {
            shared.fail(e);
        } finally {
            cpuSeconds = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
        }
    }

    private void process(Input in) {
        seq = in.seq();
        phase = 0;
        context.streamTime(in.streamTime());
        context.record(inputTopics.get(in.topic()), 0, in.seq());
        try {
            processor.process(new Record<>(in.key(), in.value(), in.timestamp()));
        } catch (RuntimeException e) {
            // As the topology's processing handler (DeadLetterProcessingHandler) does.
            if (DeadLetter.retriable(e)) {
                throw e;
            }
            String reason = e instanceof InputRejectedException ? e.getMessage() : "processing failed: " + e;
            String topic = deadLetterTopics.get(in.topic());
            Header header = DeadLetter.headers(reason, e, inputTopics.get(in.topic()), 0, in.seq(), Instant.EPOCH)
                    .lastHeader(DeadLetter.REASON);
            outputs.add(new Output(seq, 0, 0, topic, new String(header.value(), StandardCharsets.UTF_8)));
        }
    }

    private void sweep(long afterSeq, long streamTime) throws InterruptedException {
        shared.arriveAndWait(me, afterSeq);
        seq = afterSeq;
        phase = 1;
        List<String> slice = nextSlice(afterSeq);
        List<String> mine = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < slice.size(); i++) {
            String key = slice.get(i);
            if (of(key, partitions) == me) {
                mine.add(key);
                index.put(key, i);
            }
        }
        sliceIndex = index;
        accounts.view(mine);
        context.streamTime(streamTime);
        context.record(null, -1, -1);
        try {
            context.punctuator().punctuate(streamTime);
        } catch (RuntimeException e) {
            // As the processing handler does for a failure without a source record: logged, skipped.
            if (DeadLetter.retriable(e)) {
                throw e;
            }
            LOG.error("A sweep failed in partition {}; skipped", me, e);
        } finally {
            accounts.view(null);
            sliceIndex = Map.of();
        }
    }

    /**
     * The accounts one task's sweep takes next ({@code AccountSweep}): up to the slice size in key order from the
     * cursor, of those stored by the input {@code afterSeq}; the cursor moves to the account after them, or back to
     * the first when none is left.
     */
    private List<String> nextSlice(long afterSeq) {
        refreshAccounts();
        int at = 0;
        if (cursor != null) {
            int found = java.util.Arrays.binarySearch(accountKeys, 0, accountCount, cursor, KeyOrder.INSTANCE);
            at = found >= 0 ? found : -found - 1;
        }
        List<String> slice = new ArrayList<>(sliceSize);
        String next = null;
        for (int i = at; i < accountCount; i++) {
            if (accountSeqs[i] > afterSeq) {
                continue;
            }
            if (slice.size() == sliceSize) {
                next = accountKeys[i];
                break;
            }
            slice.add(accountKeys[i]);
        }
        cursor = next;
        return slice;
    }

    /**
     * The shared accounts in key order, copied when more have come: only added to, so an unchanged size means an
     * unchanged map (the size is read before the copy, which may hold a few more).
     */
    private void refreshAccounts() {
        int size = shared.accounts.size();
        if (size == copiedSize) {
            return;
        }
        int n = 0;
        String[] keys = new String[size + 16];
        long[] seqs = new long[size + 16];
        for (Map.Entry<String, Long> e : shared.accounts.entrySet()) {
            if (n == keys.length) {
                keys = java.util.Arrays.copyOf(keys, n * 2);
                seqs = java.util.Arrays.copyOf(seqs, n * 2);
            }
            keys[n] = e.getKey();
            seqs[n] = e.getValue();
            n++;
        }
        accountKeys = keys;
        accountSeqs = seqs;
        accountCount = n;
        copiedSize = size;
    }

    private void forwarded(String sink, Record<?, ?> record) {
        String topic = sinkTopics.get(sink);
        if (topic == null) {
            throw new IllegalStateException("the scoring processor forwarded to '" + sink + "', which is no sink of "
                    + "the topology");
        }
        if (!observedTopics.contains(topic)) {
            return;
        }
        int index = 0;
        if (phase == 1) {
            Integer at = sliceIndex.get((String) record.key());
            index = at == null ? Integer.MAX_VALUE : at;
        }
        outputs.add(new Output(seq, phase, index, topic, record.value()));
    }
}
