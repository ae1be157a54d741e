package io.healthscore.chaos.reconcile;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Whether a consumer group has committed everything now in a set of topics. A topic written in transactions
 * ends with a commit marker, an offset no consumer commits past when it commits "last record + 1"; for such
 * topics one offset of slack is allowed ({@code markerSlack}).
 */
public final class GroupProgress {

    private GroupProgress() {
    }

    /** Waits until {@code group} has caught up with every topic's current end; false if {@code atMost} passes. */
    public static boolean awaitCaughtUp(Admin admin, String group, List<String> topics, int markerSlack,
                                        Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                boolean caughtUp = ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue() - markerSlack));
                if (caughtUp) {
                    return true;
                }
                LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            }
            return false;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the progress of " + group + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
