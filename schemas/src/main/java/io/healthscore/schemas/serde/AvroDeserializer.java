package io.healthscore.schemas.serde;

import io.healthscore.schemas.registry.RegistryUnavailableException;
import io.healthscore.schemas.registry.SchemaNotFoundException;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryConfig;
import io.healthscore.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads records in the Confluent wire format into generated Avro classes, resolving the writer's schema (fetched
 * by the id in the header) against the reader's, so records written with an older schema version are read
 * with the new fields' defaults. With a fixed type every record must resolve to it; without one the class is
 * the one generated for the writer schema's full name (Confluent's {@code specific.avro.reader=true}).
 * Null bytes (tombstones) give null; anything else, empty bytes included, that is not one complete record fails with an
 * {@link AvroSerdeException} naming the topic and schema id. Thread-safe once configured.
 */
public class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Class<T> type;
    private final Map<Integer, ReadPlan<T>> plans = new ConcurrentHashMap<>();
    private SchemaRegistryClient client;
    private boolean ownsClient;

    /** For Kafka to instantiate by class name; {@link #configure(Map, boolean)} then creates the registry client. */
    public AvroDeserializer() {
        this.type = null;
    }

    /** A deserializer into {@code type} on a client the caller owns (and closes). */
    public AvroDeserializer(SchemaRegistryClient client, Class<T> type) {
        this.client = Objects.requireNonNull(client, "client");
        this.type = Objects.requireNonNull(type, "type");
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (client == null) {
            client = SchemaRegistryClient.create(SchemaRegistryConfig.fromProperties(configs));
            ownsClient = true;
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length == 0) {
            // Not a tombstone: compaction deletes only on a null value, and Confluent's reader rejects this too.
            throw new MalformedAvroPayloadException("Record on topic '" + topic + "' (partition/offset unknown) is empty "
                    + "(0 bytes); a tombstone is a null value, and a record needs the 5-byte Confluent header");
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new UnknownMagicByteException(topic, data[0]);
        }
        if (data.length < WireFormat.HEADER_SIZE) {
            throw new MalformedAvroPayloadException("Record on topic '" + topic + "' (partition/offset unknown) is "
                    + data.length + " bytes long, shorter than the " + WireFormat.HEADER_SIZE
                    + "-byte Confluent header (magic byte and schema id)");
        }
        if (client == null) {
            throw new IllegalStateException("AvroDeserializer was created without a registry client and not configured");
        }
        int schemaId = WireFormat.readSchemaId(data);
        return planFor(topic, schemaId).read(topic, schemaId, data);
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    private ReadPlan<T> planFor(String topic, int schemaId) {
        ReadPlan<T> plan = plans.get(schemaId);
        if (plan == null) {
            // Built outside computeIfAbsent: it may call the registry, with retries, and must not block other ids.
            plan = newPlan(writerSchema(topic, schemaId));
            plans.putIfAbsent(schemaId, plan);
        }
        return plan;
    }

    private Schema writerSchema(String topic, int schemaId) {
        try {
            return client.schemaById(schemaId);
        } catch (SchemaNotFoundException e) {
            throw new UnknownSchemaIdException(topic, schemaId, e);
        } catch (RegistryUnavailableException e) {
            throw new RegistryUnreachableException("Cannot read a record on topic '" + topic + "' with schema id "
                    + schemaId + ": " + e.getMessage(), e);
        } catch (SchemaRegistryException e) {
            throw new AvroSerdeException("Cannot read a record on topic '" + topic + "' with schema id " + schemaId
                    + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private ReadPlan<T> newPlan(Schema writer) {
        Class<? extends T> target = type;
        if (target == null) {
            Class<?> generated = SpecificData.get().getClass(writer);
            if (generated == null || !SpecificRecord.class.isAssignableFrom(generated)) {
                return ReadPlan.unreadable(writer, "no generated SpecificRecord class " + writer.getFullName()
                        + " is on the classpath");
            }
            target = (Class<? extends T>) generated;
        }
        Schema reader = SpecificData.get().getSchema(target);
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (compatibility.getType() != SchemaCompatibilityType.COMPATIBLE) {
            return ReadPlan.unreadable(writer, target.getName() + " cannot read it: "
                    + compatibility.getResult().getIncompatibilities().stream()
                            .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                            .toList());
        }
        // The class's own SpecificData carries its logical-type conversions (Instant, LocalDate).
        return ReadPlan.readable(writer, new SpecificDatumReader<>(writer, reader, SpecificData.getForClass(target)));
    }

    /** How to read records of one writer schema id: a resolving reader, or why they cannot be read. */
    private record ReadPlan<T>(Schema writer, SpecificDatumReader<? extends T> reader, String unreadableBecause) {

        static <T> ReadPlan<T> readable(Schema writer, SpecificDatumReader<? extends T> reader) {
            return new ReadPlan<>(writer, reader, null);
        }

        static <T> ReadPlan<T> unreadable(Schema writer, String reason) {
            return new ReadPlan<>(writer, null, reason);
        }

        T read(String topic, int schemaId, byte[] data) {
            if (reader == null) {
                throw new IncompatibleWriterSchemaException("Record on topic '" + topic + "' (partition/offset "
                        + "unknown) was written with schema id " + schemaId + " (" + writer.getFullName() + ") and "
                        + unreadableBecause);
            }
            BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(data, WireFormat.HEADER_SIZE,
                    data.length - WireFormat.HEADER_SIZE);
            T record;
            try {
                record = reader.read(null, decoder);
            } catch (IOException | RuntimeException e) {
                throw new MalformedAvroPayloadException("Record on topic '" + topic + "' (partition/offset unknown) "
                        + "with schema id " + schemaId + " (" + writer.getFullName() + ") is not valid Avro: "
                        + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
            if (decoder.remaining() > 0) {
                // A record that decodes but leaves bytes over was framed or written wrongly; refuse to guess.
                throw new MalformedAvroPayloadException("Record on topic '" + topic + "' (partition/offset unknown) "
                        + "with schema id " + schemaId + " (" + writer.getFullName() + ") has " + decoder.remaining()
                        + " trailing bytes after the record");
            }
            return record;
        }
    }
}
