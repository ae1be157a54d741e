package io.healthscore.schemas.serde;

import io.healthscore.schemas.registry.IncompatibleSchemaException;
import io.healthscore.schemas.registry.InvalidSchemaException;
import io.healthscore.schemas.registry.RegistryUnavailableException;
import io.healthscore.schemas.registry.SchemaNotFoundException;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryConfig;
import io.healthscore.schemas.registry.SchemaRegistryException;
import io.healthscore.schemas.registry.SubjectNotFoundException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes generated Avro records in the Confluent wire format under the topic-name subject strategy
 * ({@code <topic>-value}, or {@code <topic>-key} for keys), byte for byte as Confluent's KafkaAvroSerializer.
 * With auto-registration the record's schema is registered under the subject, otherwise its id is looked
 * up; either way the registry is asked once per subject and schema. A null record becomes null (a tombstone).
 * Thread-safe once configured.
 */
public class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    /** Confluent's key: register the record's schema when the subject lacks it (default true). */
    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";

    private final Map<Class<?>, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean autoRegister;
    private boolean isKey;

    /** For Kafka to instantiate by class name; {@link #configure(Map, boolean)} then creates the registry client. */
    public AvroSerializer() {
        this.autoRegister = true;
    }

    /**
     * A value serializer on a client the caller owns (and closes). {@link #configure(Map, boolean)} only
     * changes whether it serializes keys.
     */
    public AvroSerializer(SchemaRegistryClient client, boolean autoRegister) {
        this.client = Objects.requireNonNull(client, "client");
        this.autoRegister = autoRegister;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        if (client == null) {
            client = SchemaRegistryClient.create(SchemaRegistryConfig.fromProperties(configs));
            ownsClient = true;
            autoRegister = booleanValue(configs, AUTO_REGISTER_SCHEMAS_CONFIG, true);
        }
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroSerializer was created without a registry client and not configured");
        }
        String subject = topic + (isKey ? "-key" : "-value");
        Schema schema = record.getSchema();
        // Encoding first spares the registry a call for a record that cannot be written anyway.
        byte[] framed = encode(topic, subject, record);
        WireFormat.writeHeader(framed, schemaId(topic, subject, schema));
        return framed;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    private byte[] encode(String topic, String subject, T record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(new byte[WireFormat.HEADER_SIZE]); // placeholder, filled once the id is known
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            writerFor(record).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new AvroSerdeException("Cannot encode " + record.getSchema().getFullName() + " for topic '" + topic
                    + "' (subject '" + subject + "'): " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private DatumWriter<Object> writerFor(T record) {
        // The class's own SpecificData carries its logical-type conversions (Instant, LocalDate).
        return writers.computeIfAbsent(record.getClass(), type ->
                new SpecificDatumWriter<>(record.getSchema(), SpecificData.getForClass(type)));
    }

    private int schemaId(String topic, String subject, Schema schema) {
        try {
            return autoRegister ? client.register(subject, schema) : client.lookupId(subject, schema);
        } catch (IncompatibleSchemaException | InvalidSchemaException e) {
            throw new SchemaRegistrationException("Cannot write " + schema.getFullName() + " to topic '" + topic
                    + "': its schema was refused for subject '" + subject + "'. " + e.getMessage(), e);
        } catch (SubjectNotFoundException | SchemaNotFoundException e) {
            throw new SchemaRegistrationException("Cannot write " + schema.getFullName() + " to topic '" + topic
                    + "': its schema is not registered under subject '" + subject + "' and "
                    + AUTO_REGISTER_SCHEMAS_CONFIG + " is false; register it first. " + e.getMessage(), e);
        } catch (RegistryUnavailableException e) {
            throw new RegistryUnreachableException("Cannot write " + schema.getFullName() + " to topic '" + topic
                    + "' (subject '" + subject + "'): " + e.getMessage(), e);
        } catch (SchemaRegistryException e) {
            throw new AvroSerdeException("Cannot write " + schema.getFullName() + " to topic '" + topic
                    + "' (subject '" + subject + "'): " + e.getMessage(), e);
        }
    }

    private static boolean booleanValue(Map<String, ?> configs, String key, boolean defaultValue) {
        Object value = configs.get(key);
        if (value == null) {
            return defaultValue;
        }
        String text = value.toString().trim();
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("Invalid value " + value + " for configuration " + key
                    + ": expected true or false");
        }
        return Boolean.parseBoolean(text);
    }
}
