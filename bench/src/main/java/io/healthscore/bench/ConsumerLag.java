package io.healthscore.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How far a consumer group's committed offsets are behind the end of some topics, summed over partitions. */
final class ConsumerLag {

    private final Admin admin;
    private final String group;
    private final List<String> topics;

    ConsumerLag(Admin admin, String group, List<String> topics) {
        this.admin = admin;
        this.group = group;
        this.topics = topics;
    }

    long now() {
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, description) ->
                    description.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(end.getKey());
                lag += Math.max(0, end.getValue().offset() - (c == null ? 0 : c.offset()));
            }
            return lag;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the lag of " + group + ": " + e.getMessage(), e);
        }
    }
}
