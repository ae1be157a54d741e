package io.healthscore.scoring.query;

import io.healthscore.scoring.topology.ScoringTopology;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/** Which instance holds an account, and which instances there are, by Kafka Streams metadata. */
public interface QueryRouting {

    /** The owner of an account's state; null or {@link KeyQueryMetadata#NOT_AVAILABLE} while unknown. */
    KeyQueryMetadata ownerOf(String accountId);

    /** Every instance of the application, this one included. */
    List<HostInfo> instances();

    static QueryRouting of(KafkaStreams streams) {
        return new QueryRouting() {
            @Override
            public KeyQueryMetadata ownerOf(String accountId) {
                return streams.queryMetadataForKey(ScoringTopology.ACCOUNT_STORE, accountId, Serdes.String().serializer());
            }

            @Override
            public List<HostInfo> instances() {
                return streams.metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo).toList();
            }
        };
    }
}
