package io.healthscore.alert.config;

import io.healthscore.schemas.KafkaConnection;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The service's raw producers (dead letters, erasure tombstones): acks=all and idempotence, with bounded waits,
 * so a caller that waits for the acknowledgement knows the record is on every in-sync replica exactly once.
 */
public final class AcknowledgedProducers {

    private AcknowledgedProducers() {
    }

    public static KafkaProducer<byte[], byte[]> create(KafkaConnection connection, String clientId) {
        return new KafkaProducer<>(connection.with(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000)),
                new ByteArraySerializer(), new ByteArraySerializer());
    }
}
