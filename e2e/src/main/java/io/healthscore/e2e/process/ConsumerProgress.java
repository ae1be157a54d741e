package io.healthscore.e2e.process;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits until a consumer group has committed everything currently in a topic. A run starts its product only
 * after scoring has read the CRM's profiles: otherwise an account's first events can be scored without its
 * seats, and the profile arriving a moment later turns the first score into a spurious drop into Lv1.
 */
public final class ConsumerProgress {

    private static final Duration POLL_EVERY = Duration.ofMillis(200);

    private ConsumerProgress() {
    }

    /** Returns once {@code group} has caught up with {@code topic}'s end offsets; fails after {@code atMost}. */
    public static void awaitCaughtUp(Admin admin, String group, String topic, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                    .partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                boolean caughtUp = ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()));
                if (caughtUp) {
                    return;
                }
                LockSupport.parkNanos(POLL_EVERY.toNanos());
            }
            throw new IllegalStateException(group + " did not read all of " + topic + " within " + atMost);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the progress of " + group + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
