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
 * record and pipes what it yields through {@link TopologyReplay}. Reports progress every few seconds. The CPU time
 * of the replaying thread is measured besides the wall time, because on a shared machine the wall time says more
 * about the neighbours than about the replay.
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
        TimeOrderedLog log = new TimeOrderedLog(events, timeKey(mapping), progress);
        long[] total = {0};
        long started = System.nanoTime();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStarted = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
        try (TopologyReplay replay = new TopologyReplay(model, settings)) {
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
            double cpu = cpuStarted < 0 ? Double.NaN : (threads.getCurrentThreadCpuTime() - cpuStarted) / 1e9;
            accounts.addAll(mapper.churnedAt().keySet());
            return new Result(observations, mapper.stats(), mapper.churnedAt(), accounts, mapper.firstTime(),
                    mapper.lastTime(), mapper.stats().records() + unreadable(mapper.stats()), replay.inputs(), seconds, cpu,
                    order, mapper.upgradedAt());
        }
    }

    private static TimeOrderedLog.TimeKey timeKey(EventMapping mapping) {
        return record -> {
            try {
                return mapping.time().epochMillis(record);
            } catch (RecordProblem e) {
                return TimeOrderedLog.NO_TIME;
            }
        };
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
