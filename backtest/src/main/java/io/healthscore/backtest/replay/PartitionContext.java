package io.healthscore.backtest.replay;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * What the scoring processor sees of Kafka Streams in a {@link DirectReplay} partition: its stores, stream time as
 * the replay sets it (that of the whole log, not of this partition), the record's topic, one stream-time
 * punctuator, and the sinks, whose records go to {@code forwarded} by sink name. Sensors record nothing.
 */
final class PartitionContext implements ProcessorContext<String, SpecificRecord> {

    private final TaskId taskId;
    private final Map<String, StateStore> stores = new HashMap<>();
    private final BiConsumer<String, Record<?, ?>> forwarded;
    private final StreamsMetrics metrics = new SilentMetrics();
    private long streamTime = -1;
    private RecordMetadata metadata;
    private Punctuator punctuator;
    private Duration interval;

    PartitionContext(int partition, BiConsumer<String, Record<?, ?>> forwarded) {
        this.taskId = new TaskId(0, partition);
        this.forwarded = forwarded;
    }

    void add(StateStore store) {
        stores.put(store.name(), store);
    }

    void streamTime(long time) {
        streamTime = time;
    }

    void record(String topic, int partition, long offset) {
        metadata = topic == null ? null : new Metadata(topic, partition, offset);
    }

    Punctuator punctuator() {
        return punctuator;
    }

    Duration interval() {
        return interval;
    }

    @Override
    public <K extends String, V extends SpecificRecord> void forward(Record<K, V> record) {
        throw new UnsupportedOperationException("the scoring processor names the sink of every record it forwards");
    }

    @Override
    public <K extends String, V extends SpecificRecord> void forward(Record<K, V> record, String childName) {
        forwarded.accept(childName, record);
    }

    @Override
    public String applicationId() {
        return "healthscore-backtest";
    }

    @Override
    public TaskId taskId() {
        return taskId;
    }

    @Override
    public Optional<RecordMetadata> recordMetadata() {
        return Optional.ofNullable(metadata);
    }

    @Override
    public Serde<?> keySerde() {
        return null;
    }

    @Override
    public Serde<?> valueSerde() {
        return null;
    }

    @Override
    public File stateDir() {
        return null;
    }

    @Override
    public StreamsMetrics metrics() {
        return metrics;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S extends StateStore> S getStateStore(String name) {
        StateStore store = stores.get(name);
        if (store == null) {
            throw new IllegalStateException("the direct replay has no store '" + name + "'; a store the topology "
                    + "gained must be added to DirectReplay too (or replay with --replay-engine driver)");
        }
        return (S) store;
    }

    @Override
    public Cancellable schedule(Duration every, PunctuationType type, Punctuator callback) {
        if (type != PunctuationType.STREAM_TIME || punctuator != null) {
            throw new IllegalStateException("the direct replay runs one stream-time punctuator, got " + type);
        }
        punctuator = callback;
        interval = every;
        return () -> punctuator = null;
    }

    @Override
    public Cancellable schedule(Instant startTime, Duration every, PunctuationType type, Punctuator callback) {
        throw new UnsupportedOperationException("the direct replay runs stream-time punctuators aligned to 0 only");
    }

    @Override
    public void commit() {
    }

    @Override
    public Map<String, Object> appConfigs() {
        return Map.of();
    }

    @Override
    public Map<String, Object> appConfigsWithPrefix(String prefix) {
        return Map.of();
    }

    /** The test driver's wall clock, which a replay never advances. */
    @Override
    public long currentSystemTimeMs() {
        return 0;
    }

    @Override
    public long currentStreamTimeMs() {
        return streamTime;
    }

    private record Metadata(String topic, int partition, long offset) implements RecordMetadata {
    }

    /** Sensors without statistics: the processor records them, nobody reads them. */
    private static final class SilentMetrics implements StreamsMetrics {

        private final Metrics registry = new Metrics();
        private int sensors;

        @Override
        public Map<MetricName, ? extends Metric> metrics() {
            return registry.metrics();
        }

        @Override
        public Sensor addLatencyRateTotalSensor(String scope, String entity, String operation,
                                                Sensor.RecordingLevel level, String... tags) {
            return addSensor(scope + "." + entity + "." + operation, level);
        }

        @Override
        public Sensor addRateTotalSensor(String scope, String entity, String operation, Sensor.RecordingLevel level,
                                         String... tags) {
            return addSensor(scope + "." + entity + "." + operation, level);
        }

        @Override
        public Sensor addSensor(String name, Sensor.RecordingLevel level) {
            return registry.sensor(name + "#" + (sensors++), level);
        }

        @Override
        public Sensor addSensor(String name, Sensor.RecordingLevel level, Sensor... parents) {
            return registry.sensor(name + "#" + (sensors++), level, parents);
        }

        @Override
        public void removeSensor(Sensor sensor) {
            registry.removeSensor(sensor.name());
        }
    }
}
