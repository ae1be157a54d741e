package io.healthscore.scoring.health;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Kafka Streams names a store's id tag after the store's type ({@code rocksdb-state-id},
 * {@code rocksdb-window-state-id}, ...), so the same metric of the account store and of the message-id store carries
 * different tag keys, which Prometheus refuses: the second one would be dropped with a warning. Every store id tag is
 * renamed to {@code state.id}; the id names the store either way.
 */
@Factory
public class StoreMetricTags {

    private static final String PREFIX = "kafka.stream";
    private static final List<MeterFilter> RENAMES = List.of("rocksdb.state.id", "rocksdb.window.state.id",
                    "rocksdb.session.state.id", "in.memory.state.id", "in.memory.window.state.id",
                    "in.memory.session.state.id", "in.memory.lru.state.id").stream()
            .map(tag -> MeterFilter.renameTag(PREFIX, tag, "state.id")).toList();

    @Singleton
    MeterFilter storeIdTags() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                Meter.Id mapped = id;
                for (MeterFilter rename : RENAMES) {
                    mapped = rename.map(mapped);
                }
                return mapped;
            }
        };
    }
}
