package io.healthscore.stack;

import io.healthscore.schemas.Topic;
import io.healthscore.schemas.Topics;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Brings a broker and a registry to the state the services expect: every topic of the product (and its
 * dead-letter topic) exists with its partitions and cleanup policy (and the output topics with
 * {@link Topics#OUTPUT_COMPRESSION}), the registry checks BACKWARD compatibility
 * globally, and every value schema is registered under its topic-name subject. Safe to run again: what exists
 * is left as it is.
 */
public final class StackProvisioner {

    /** What provisioning found and did. */
    public record Result(List<String> topicsCreated, List<String> topicsExisting, Map<String, Integer> schemaIds,
                         String globalCompatibility) {
    }

    private final Admin admin;
    private final SchemaRegistryClient registry;
    private final int partitions;

    public StackProvisioner(Admin admin, SchemaRegistryClient registry, int partitions) {
        this.admin = admin;
        this.registry = registry;
        this.partitions = partitions;
    }

    public Result provision(Topics topics) {
        Set<String> outputs = topics.outputs().stream().map(Topic::name).collect(java.util.stream.Collectors.toSet());
        List<Topic<?, ?>> wanted = new ArrayList<>(topics.all());
        wanted.addAll(topics.deadLetterTopics());
        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        createTopics(wanted, outputs, created, existing);

        if (!"BACKWARD".equals(registry.globalCompatibility())) {
            registry.setGlobalCompatibility("BACKWARD");
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (Topic<?, ?> topic : topics.all()) {
            ids.put(topic.valueSubject(), registry.register(topic.valueSubject(), topic.valueSchema()));
        }
        return new Result(created, existing, ids, registry.globalCompatibility());
    }

    private void createTopics(List<Topic<?, ?>> wanted, Set<String> outputs, List<String> created,
                              List<String> existing) {
        try {
            Set<String> present = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (Topic<?, ?> topic : wanted) {
                if (present.contains(topic.name())) {
                    existing.add(topic.name());
                    continue;
                }
                NewTopic newTopic = new NewTopic(topic.name(), partitions, (short) 1).configs(configsOf(topic,
                        outputs.contains(topic.name())));
                try {
                    admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
                    created.add(topic.name());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    existing.add(topic.name());
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new StackStartupException("Kafka: cannot create topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackStartupException("Kafka: interrupted while creating topics");
        }
    }

    private static Map<String, String> configsOf(Topic<?, ?> topic, boolean output) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, topic.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT
                : TopicConfig.CLEANUP_POLICY_DELETE);
        if (output) {
            configs.put(TopicConfig.COMPRESSION_TYPE_CONFIG, Topics.OUTPUT_COMPRESSION);
        }
        return configs;
    }
}
