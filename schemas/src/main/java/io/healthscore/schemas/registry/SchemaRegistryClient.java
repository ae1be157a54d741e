package io.healthscore.schemas.registry;

import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry REST API that producers, consumers and operators need. Every
 * method throws an unchecked {@link SchemaRegistryException} subclass: {@link SubjectNotFoundException},
 * {@link SchemaNotFoundException}, {@link IncompatibleSchemaException}, {@link InvalidSchemaException},
 * {@link RegistryAuthenticationException} or {@link RegistryUnavailableException}.
 * Implementations are thread-safe.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers the schema under the subject (or finds it already there) and returns its global id. Cached. */
    int register(String subject, Schema schema);

    /** The id of a schema already registered under the subject. Cached. */
    int lookupId(String subject, Schema schema);

    /** The schema with this global id. Cached for the life of the client, as ids never change. */
    Schema schemaById(int id);

    /** Whether the subject's compatibility level admits the schema as its next version; true for a new subject. */
    boolean isCompatible(String subject, Schema schema);

    /** All subjects, in the registry's order. */
    List<String> subjects();

    /** The version numbers of the subject, oldest first. */
    List<Integer> versions(String subject);

    /** The registry-wide compatibility level, e.g. BACKWARD. */
    String globalCompatibility();

    void setGlobalCompatibility(String level);

    /** The level set for this subject itself, or empty when it follows the global level. */
    Optional<String> subjectCompatibility(String subject);

    void setSubjectCompatibility(String subject, String level);

    @Override
    void close();

    /**
     * The client for the configured registry: an {@link HttpSchemaRegistryClient}, or for a {@code mem://scope}
     * URL the {@link InMemorySchemaRegistryClient} shared by everything in this JVM that names that scope
     * (the equivalent of Confluent's {@code mock://} URLs, for tests without a registry).
     */
    static SchemaRegistryClient create(SchemaRegistryConfig config) {
        if (config.inMemory()) {
            return InMemorySchemaRegistryClient.forScope(config.urls().get(0).getRawAuthority());
        }
        return new HttpSchemaRegistryClient(config);
    }
}
