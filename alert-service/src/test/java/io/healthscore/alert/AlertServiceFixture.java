package io.healthscore.alert;

import io.healthscore.schemas.Topic;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.SmtpCatcher.CaughtMail;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One alert service on the local stack, isolated from other test classes: its own database, its own topic names
 * (prefixed), its own consumer group, a local HTTP receiver for Slack ({@code /slack}) and the CRM webhook
 * ({@code /crm}), and the stack's SMTP catcher. Delivery runs with short back-off so retries are observable.
 */
public final class AlertServiceFixture implements AutoCloseable {

    public static final String WEBHOOK_SECRET = "test-webhook-secret";
    public static final String CSM_TOKEN = "csm-token-123";
    public static final String OPS_TOKEN = "ops-token-456";
    public static final String READONLY_TOKEN = "nobody-token-789";

    public final LocalStack stack;
    public final String name;
    public final Topics topics;
    public final HttpReceiver receiver;
    public final String jdbcUrl;
    private final Map<String, Object> properties;
    private final KafkaProducer<byte[], byte[]> producer;
    private EmbeddedServer server;
    private HttpClient http;

    private AlertServiceFixture(LocalStack stack, String name, Map<String, Object> overrides) {
        this.stack = stack;
        this.name = name;
        this.receiver = new HttpReceiver();
        stack.postgres().ensureDatabase(name);
        this.jdbcUrl = stack.postgres().jdbcUrl(name);
        TopicNames names = new TopicNames(name + "-usage-events", name + "-account-profiles",
                name + "-account-signals", name + "-health-scores", name + "-health-scores-latest",
                name + "-level-transitions", name + "-churn-risk-alerts", name + "-expansion-opportunities", "-dlq");
        this.topics = Topics.create(names, stack.registryClient(), true);
        createTopics();
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.server.port", -1);
        p.put("kafka.bootstrap.servers", stack.kafka().bootstrapServers());
        p.put("schema.registry.url", stack.registry().confluentUrl());
        p.put(TopicNames.USAGE_EVENTS_KEY, names.usageEvents());
        p.put(TopicNames.ACCOUNT_PROFILES_KEY, names.accountProfiles());
        p.put(TopicNames.ACCOUNT_SIGNALS_KEY, names.accountSignals());
        p.put(TopicNames.HEALTH_SCORES_KEY, names.healthScores());
        p.put(TopicNames.HEALTH_SCORES_LATEST_KEY, names.healthScoresLatest());
        p.put(TopicNames.LEVEL_TRANSITIONS_KEY, names.levelTransitions());
        p.put(TopicNames.CHURN_RISK_ALERTS_KEY, names.churnRiskAlerts());
        p.put(TopicNames.EXPANSION_OPPORTUNITIES_KEY, names.expansionOpportunities());
        p.put("datasources.default.url", jdbcUrl);
        p.put("intake.group-id", name);
        p.put("intake.retry-backoff", "200ms");
        p.put("delivery.poll-interval", "100ms");
        p.put("delivery.initial-backoff", "300ms");
        p.put("delivery.backoff-multiplier", "2.0");
        p.put("delivery.max-backoff", "5s");
        p.put("delivery.max-attempts", "4");
        p.put("delivery.lease", "5s");
        p.put("delivery.send-timeout", "3s");
        // An alert read before its profile waits 3 s for it (2 min in production), so tests of what happens
        // without a profile finish quickly.
        p.put("routing.profile-wait.timeout", "3s");
        p.put("routing.profile-wait.check-interval", "500ms");
        p.put("mail.port", stack.smtp().port());
        p.put("channels.slack.team.url", receiver.url("/slack"));
        p.put("channels.webhooks.crm.url", receiver.url("/crm"));
        // Console users' own Slack webhooks are accepted under the receiver's /hooks/.
        p.put("notifications.slack-webhook-prefixes", List.of(receiver.url("/hooks/")));
        p.put("channels.webhooks.crm.secret", WEBHOOK_SECRET);
        p.put("api.tokens.csm.token", CSM_TOKEN);
        p.put("api.tokens.ops.token", OPS_TOKEN);
        p.put("api.tokens.nobody.token", READONLY_TOKEN);
        p.put("api.tokens.nobody.roles", List.of("viewer"));
        p.putAll(overrides);
        this.properties = p;
    }

    public static AlertServiceFixture start(LocalStack stack, String name, Map<String, Object> overrides) {
        AlertServiceFixture fixture = new AlertServiceFixture(stack, name, overrides);
        fixture.startService();
        return fixture;
    }

    /** Database, topics and receiver ready, but no service in this JVM (the test runs it in a child process). */
    public static AlertServiceFixture prepare(LocalStack stack, String name, Map<String, Object> overrides) {
        return new AlertServiceFixture(stack, name, overrides);
    }

    public void startService() {
        server = ApplicationContext.run(EmbeddedServer.class, properties);
        http = server.getApplicationContext().createBean(HttpClient.class, server.getURL());
    }

    public void stopService() {
        if (http != null) {
            http.close();
        }
        if (server != null) {
            server.getApplicationContext().close();
        }
        server = null;
        http = null;
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public HttpClient http() {
        return http;
    }

    public Map<String, Object> properties() {
        return Map.copyOf(properties);
    }

    public <V> void send(Topic<String, V> topic, String key, V value) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        sendRaw(topic.name(), key, bytes);
    }

    public void sendRaw(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(), value))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    /** Mail caught for this address (the catcher decodes bodies from their transfer encoding and charset). */
    public List<CaughtMail> mailTo(String address) {
        return stack.smtp().messages().stream().filter(m -> m.to().contains(address)).toList();
    }

    private void createTopics() {
        List<NewTopic> newTopics = new ArrayList<>();
        for (Topic<?, ?> t : topics.all()) {
            newTopics.add(new NewTopic(t.name(), 2, (short) 1));
            newTopics.add(new NewTopic(topics.dlqOf(t).name(), 1, (short) 1));
        }
        try (Admin admin = stack.admin()) {
            admin.createTopics(newTopics).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics for " + name, e);
            }
        }
    }

    @Override
    public void close() {
        stopService();
        producer.close();
        receiver.close();
    }
}
