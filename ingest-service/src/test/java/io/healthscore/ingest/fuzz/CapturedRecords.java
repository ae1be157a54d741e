package io.healthscore.ingest.fuzz;

import io.healthscore.schemas.Topic;
import io.healthscore.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The records a {@link MockProducer} was given, counted across runs of any length: the history is cleared after
 * every case (so a long run holds no more than one request's records), and the source of each record is read
 * back through the topic's own deserializer (or the {@code ingest.source} header of a dead-letter record).
 */
public final class CapturedRecords implements IngestFuzzer.RecordLedger {

    private final MockProducer<byte[], byte[]> producer;
    private final Topics topics;
    private long cleared;

    public CapturedRecords(MockProducer<byte[], byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topics = topics;
    }

    @Override
    public long written() {
        return cleared + producer.history().size();
    }

    @Override
    public Optional<List<String>> sourcesSince(long mark) {
        List<ProducerRecord<byte[], byte[]>> history = producer.history();
        List<String> sources = new ArrayList<>();
        for (int i = (int) Math.max(0, mark - cleared); i < history.size(); i++) {
            sources.add(sourceOf(history.get(i)));
        }
        return Optional.of(sources);
    }

    @Override
    public void caseDone() {
        cleared += producer.history().size();
        producer.clear();
    }

    private String sourceOf(ProducerRecord<byte[], byte[]> record) {
        List<Topic<String, ? extends SpecificRecord>> inputs = List.of(topics.usageEvents(), topics.accountProfiles(),
                topics.accountSignals());
        for (Topic<String, ? extends SpecificRecord> topic : inputs) {
            if (topic.name().equals(record.topic())) {
                SpecificRecord value = topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
                return String.valueOf(value.get(value.getSchema().getField("source").pos()));
            }
        }
        Header source = record.headers().lastHeader("ingest.source");
        return source == null ? "none on " + record.topic() : new String(source.value(), StandardCharsets.UTF_8);
    }
}
