package io.healthscore.ingest.support;

import io.healthscore.ingest.health.AdminClusterProbe;
import io.healthscore.ingest.health.ClusterProbe;
import io.healthscore.ingest.publish.KafkaFactory;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** For broker-less tests: a MockProducer that acknowledges at once, and a cluster that is always reachable. */
@Factory
@Requires(property = "test.mock-kafka", value = "true")
public class MockKafkaFactory {

    @Singleton
    @Replaces(factory = KafkaFactory.class, bean = Producer.class)
    MockProducer<byte[], byte[]> mockProducer() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Singleton
    @Replaces(AdminClusterProbe.class)
    ClusterProbe alwaysReachable() {
        return () -> true;
    }
}
