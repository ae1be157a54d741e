package io.healthscore.schemas.serde;

import io.healthscore.schemas.registry.SchemaRegistryClient;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Passes every call to another registry client and counts the schema fetches by id. */
final class CountingRegistry implements SchemaRegistryClient {

    private final SchemaRegistryClient delegate;
    private final AtomicInteger schemaByIdCalls = new AtomicInteger();

    CountingRegistry(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    int schemaByIdCalls() {
        return schemaByIdCalls.get();
    }

    @Override
    public int register(String subject, Schema schema) {
        return delegate.register(subject, schema);
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        return delegate.lookupId(subject, schema);
    }

    @Override
    public Schema schemaById(int id) {
        schemaByIdCalls.incrementAndGet();
        return delegate.schemaById(id);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        return delegate.isCompatible(subject, schema);
    }

    @Override
    public List<String> subjects() {
        return delegate.subjects();
    }

    @Override
    public List<Integer> versions(String subject) {
        return delegate.versions(subject);
    }

    @Override
    public String globalCompatibility() {
        return delegate.globalCompatibility();
    }

    @Override
    public void setGlobalCompatibility(String level) {
        delegate.setGlobalCompatibility(level);
    }

    @Override
    public Optional<String> subjectCompatibility(String subject) {
        return delegate.subjectCompatibility(subject);
    }

    @Override
    public void setSubjectCompatibility(String subject, String level) {
        delegate.setSubjectCompatibility(subject, level);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
