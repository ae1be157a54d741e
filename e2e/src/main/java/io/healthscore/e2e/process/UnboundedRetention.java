package io.healthscore.e2e.process;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns off time-based retention on every topic of a compressed-time run. The pipeline's record timestamps are
 * its event time (scoring writes with stream time), which lies weeks in the past; under the broker's default
 * seven-day retention the broker would delete scores, alerts and changelogs minutes after they were written.
 */
public final class UnboundedRetention {

    private UnboundedRetention() {
    }

    public static void apply(Admin admin) {
        try {
            Collection<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
            for (String topic : topics) {
                changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(new AlterConfigOp(
                        new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "-1"), AlterConfigOp.OpType.SET)));
            }
            admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot turn off retention on the run's topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
