package io.healthscore.backtest.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.UsageEvent;
import io.healthscore.backtest.input.EventLogReader;
import io.healthscore.backtest.input.LogOrder;
import io.healthscore.backtest.input.SortSettings;
import io.healthscore.backtest.input.Throttle;
import io.healthscore.backtest.input.TimeOrderedLog;
import io.healthscore.backtest.mapping.EventMapping;
import io.healthscore.backtest.mapping.MappingStats;
import io.healthscore.backtest.mapping.RecordMapper;
import io.healthscore.backtest.mapping.RecordProblem;
import io.healthscore.scoring.model.ScoringModel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads a log in event-time order ({@link TimeOrderedLog}: as it is when it is sorted, else sorted first), maps each
 * record and pipes what it yields through the {@link Replay} the settings name ({@link DirectReplay} or
 * {@link TopologyReplay}), made once the first pass over the log has counted its account keys. Reports progress every
 * few seconds. The CPU time of the calling thread and of the replay's own threads is measured besides the wall time,
 * because on a shared machine the wall time says more about the neighbours than about the replay.
 */
public final class LogReplay {

    private LogReplay() {
    }

    /** What one replay saw and produced. */
    public record Result(ReplayObservations observations, MappingStats mapping, Map<String, Long> churnFromLog,
                         Set<String> accounts, long firstTime, long lastTime, long records, long inputs,
                         double replaySeconds, double cpuSeconds, LogOrder order,
                         Map<String, List<Long>> upgradesFromLog) {

        public double recordsPerSecond() {
            return replaySeconds <= 0 ? 0 : records / replaySeconds;
        }
    }

    /** Replays with the default sort settings (temporary files in the system's temporary directory). */
    public static Result run(Path events, EventMapping mapping, ScoringModel model, ReplaySettings settings,
                             Consumer<String> progress) throws IOException {
        return run(events, mapping, model, settings, SortSettings.defaults(), progress);
    }

    public static Result run(Path events, EventMapping mapping, ScoringModel model, ReplaySettings settings,
                             SortSettings sort, Consumer<String> progress) throws IOException {
        String fileName = events.getFileName().toString();
        RecordMapper mapper = new RecordMapper(mapping, fileName);
        Set<String> accounts = new HashSet<>();
        AccountCount accountKeys = new AccountCount(mapping);
        TimeOrderedLog log = new TimeOrderedLog(events, timeKey(mapping, accountKeys), progress);
        long started = System.nanoTime();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStarted = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
        // Made once the first pass over the log has counted its account keys.
        Replay[] made = {null};
        try (Replay replay = new LazyReplay(() -> Replay.of(model, settings, accountKeys.atMost()), made)) {
            RecordMapper.Sink sink = input -> {
                accounts.add(accountOf(input));
                replay.pipe(input);
            };
            ReplayProgress[] meter = {null};
            LogOrder order = log.read(sort, new EventLogReader.Handler() {
                @Override
                public void record(long line, JsonNode record) {
                    mapper.map(line, record, sink);
                    tick();
                }

                @Override
                public void unreadable(long line, String problem) {
                    mapper.stats().problem("unreadable line", fileName + " line " + line + ": " + problem);
                    tick();
                }

                private void tick() {
                    if (meter[0] == null) {
                        meter[0] = new ReplayProgress(log.lines(), progress, Throttle.everyFewSeconds(), System::nanoTime);
                    }
                    meter[0].record(mapper.lastTime());
                }
            });
            ReplayObservations observations = replay.finish();
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpu = cpuStarted < 0 ? Double.NaN
                    : (threads.getCurrentThreadCpuTime() - cpuStarted) / 1e9 + replay.workerCpuSeconds();
            accounts.addAll(mapper.churnedAt().keySet());
            return new Result(observations, mapper.stats(), mapper.churnedAt(), accounts, mapper.firstTime(),
                    mapper.lastTime(), mapper.stats().records() + unreadable(mapper.stats()), replay.inputs(), seconds, cpu,
                    order, mapper.upgradedAt());
        }
    }

    private static TimeOrderedLog.TimeKey timeKey(EventMapping mapping, AccountCount accounts) {
        return record -> {
            accounts.see(record);
            try {
                return mapping.time().epochMillis(record);
            } catch (RecordProblem e) {
                return TimeOrderedLog.NO_TIME;
            }
        };
    }

    /**
     * The distinct account keys of the log's records, counted in the first pass up to a bound (the direct replay
     * only asks whether they are few enough to spread over threads): more than that, or none counted, is unknown.
     */
    private static final class AccountCount {

        private static final int BOUND = 100_000;
        private final EventMapping mapping;
        private final Set<String> keys = new HashSet<>();
        private boolean overflow;

        AccountCount(EventMapping mapping) {
            this.mapping = mapping;
        }

        void see(JsonNode record) {
            if (overflow) {
                return;
            }
            String key = mapping.account().text(record);
            if (key != null && keys.add(key) && keys.size() > BOUND) {
                overflow = true;
                keys.clear();
            }
        }

        long atMost() {
            return overflow ? -1 : keys.size();
        }
    }

    /** A replay made at its first use, after the first pass. */
    private static final class LazyReplay implements Replay {

        private final java.util.function.Supplier<Replay> factory;
        private final Replay[] made;

        LazyReplay(java.util.function.Supplier<Replay> factory, Replay[] made) {
            this.factory = factory;
            this.made = made;
        }

        private Replay replay() {
            if (made[0] == null) {
                made[0] = factory.get();
            }
            return made[0];
        }

        @Override
        public void pipe(SpecificRecord input) {
            replay().pipe(input);
        }

        @Override
        public void drain() {
            replay().drain();
        }

        @Override
        public ReplayObservations finish() {
            return replay().finish();
        }

        @Override
        public long inputs() {
            return made[0] == null ? 0 : made[0].inputs();
        }

        @Override
        public double workerCpuSeconds() {
            return made[0] == null ? 0 : made[0].workerCpuSeconds();
        }

        @Override
        public void close() {
            if (made[0] != null) {
                made[0].close();
            }
        }
    }

    private static long unreadable(MappingStats stats) {
        MappingStats.Problems p = stats.problems().get("unreadable line");
        return p == null ? 0 : p.count();
    }

    private static String accountOf(SpecificRecord input) {
        return switch (input) {
            case UsageEvent e -> e.getAccountId();
            case AccountSignal s -> s.getAccountId();
            case AccountProfile p -> p.getAccountId();
            default -> throw new IllegalArgumentException(input.getClass().getName());
        };
    }
}
