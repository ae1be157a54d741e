package io.healthscore.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A schema registry held in memory that behaves like Confluent's: ids start at 1 and are shared by every
 * subject that registers the same schema text, versions count from 1 per subject, and registration enforces
 * the subject's (else the global, by default BACKWARD) compatibility level with the same 409 and 404 errors
 * as the real one. Thread-safe. {@link #forScope(String)} gives the instance behind {@code mem://scope} URLs.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private static final Map<String, InMemorySchemaRegistryClient> SCOPES = new ConcurrentHashMap<>();

    private final String name;
    // Confluent identifies a schema by its text, so two schemas that differ only in doc get different ids.
    private final Map<String, Integer> idsBySchemaText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Integer>> versionIdsBySubject = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    // Serializers pass the same Schema instance on every call; this spares rendering it to text each time.
    private final Map<String, Map<Schema, Integer>> knownInstances = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

    /** A private registry, not reachable through a {@code mem://} URL. */
    public InMemorySchemaRegistryClient() {
        this("mem://(unscoped)");
    }

    private InMemorySchemaRegistryClient(String name) {
        this.name = name;
    }

    /** The registry shared by everything in this JVM that uses {@code mem://<scope>}; created on first use. */
    public static InMemorySchemaRegistryClient forScope(String scope) {
        Objects.requireNonNull(scope, "scope");
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistryClient("mem://" + s));
    }

    /** Forgets the registry of this scope, so the next {@link #forScope(String)} starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        requireSubject(subject);
        Objects.requireNonNull(schema, "schema");
        Integer known = knownInstances.getOrDefault(subject, Map.of()).get(schema);
        if (known != null) {
            return known;
        }
        String text = schema.toString();
        List<Integer> versions = versionIdsBySubject.getOrDefault(subject, List.of());
        Integer existing = idsBySchemaText.get(text);
        if (existing == null || !versions.contains(existing)) {
            List<String> violations = levelOf(subject).violations(schema, schemasOf(versions));
            if (!violations.isEmpty()) {
                throw new IncompatibleSchemaException(name, subject, 409, 409,
                        "Schema being registered is incompatible with an earlier schema for subject '" + subject
                                + "' under " + levelOf(subject) + ": " + String.join("; ", violations));
            }
        }
        int id = idsBySchemaText.computeIfAbsent(text, t -> idsBySchemaText.size() + 1);
        schemasById.putIfAbsent(id, schema);
        List<Integer> subjectVersions = versionIdsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!subjectVersions.contains(id)) {
            subjectVersions.add(id);
        }
        knownInstances.computeIfAbsent(subject, s -> new IdentityHashMap<>()).put(schema, id);
        return id;
    }

    @Override
    public synchronized int lookupId(String subject, Schema schema) {
        requireSubject(subject);
        Objects.requireNonNull(schema, "schema");
        List<Integer> versions = existingVersions(subject);
        Integer id = idsBySchemaText.get(schema.toString());
        if (id == null || !versions.contains(id)) {
            throw SchemaNotFoundException.underSubject(name, subject, 404, 40403, "Schema not found");
        }
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw SchemaNotFoundException.byId(name, id, 404, 40403, "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        requireSubject(subject);
        Objects.requireNonNull(schema, "schema");
        List<Integer> versions = versionIdsBySubject.getOrDefault(subject, List.of());
        return levelOf(subject).violations(schema, schemasOf(versions)).isEmpty();
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(versionIdsBySubject.keySet());
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        requireSubject(subject);
        int count = existingVersions(subject).size();
        List<Integer> versions = new ArrayList<>(count);
        for (int version = 1; version <= count; version++) {
            versions.add(version);
        }
        return versions;
    }

    @Override
    public synchronized String globalCompatibility() {
        return globalLevel.name();
    }

    @Override
    public synchronized void setGlobalCompatibility(String level) {
        globalLevel = parseLevel(level);
    }

    @Override
    public synchronized Optional<String> subjectCompatibility(String subject) {
        requireSubject(subject);
        return Optional.ofNullable(subjectLevels.get(subject)).map(Enum::name);
    }

    @Override
    public synchronized void setSubjectCompatibility(String subject, String level) {
        requireSubject(subject);
        subjectLevels.put(subject, parseLevel(level));
    }

    /** Nothing to release; the scope's registry lives on until {@link #dropScope(String)}. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "InMemorySchemaRegistryClient[" + name + "]";
    }

    private CompatibilityLevel levelOf(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    private List<Integer> existingVersions(String subject) {
        List<Integer> versions = versionIdsBySubject.get(subject);
        if (versions == null) {
            throw new SubjectNotFoundException(name, subject, 404, 40401, "Subject '" + subject + "' not found.");
        }
        return versions;
    }

    private List<Schema> schemasOf(List<Integer> ids) {
        return ids.stream().map(schemasById::get).toList();
    }

    private CompatibilityLevel parseLevel(String level) {
        try {
            return CompatibilityLevel.parse(level);
        } catch (IllegalArgumentException e) {
            // The real registry answers an unknown level with 422 / 42203.
            throw new SchemaRegistryException(SchemaRegistryException.describe(name,
                    "rejected compatibility level '" + level + "'", 422, 42203, e.getMessage()), 422, 42203);
        }
    }

    private static void requireSubject(String subject) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("A schema registry subject must not be blank");
        }
    }
}
