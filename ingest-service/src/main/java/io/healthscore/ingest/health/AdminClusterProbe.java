package io.healthscore.ingest.health;

import io.healthscore.schemas.KafkaConnection;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Asks the cluster to describe itself with a short timeout ({@code ingest.health.kafka-timeout}) every
 * {@code ingest.health.refresh-every} on a scheduler thread; {@link #reachable()} returns the latest answer
 * without blocking (false until the first answer).
 */
@Singleton
public class AdminClusterProbe implements ClusterProbe {

    private final KafkaConnection connection;
    private final Duration timeout;
    private volatile boolean lastAnswer;
    private Admin admin;

    public AdminClusterProbe(KafkaConnection connection,
                             @Value("${ingest.health.kafka-timeout}") Duration timeout) {
        this.connection = connection;
        this.timeout = timeout;
    }

    @Override
    public boolean reachable() {
        return lastAnswer;
    }

    @Scheduled(fixedDelay = "${ingest.health.refresh-every}", initialDelay = "1ms")
    synchronized void refresh() {
        lastAnswer = describe();
    }

    private boolean describe() {
        try {
            int ms = Math.toIntExact(timeout.toMillis());
            return admin().describeCluster(new DescribeClusterOptions().timeoutMs(ms))
                    .clusterId().get(ms, TimeUnit.MILLISECONDS) != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private Admin admin() {
        if (admin == null) {
            int ms = Math.toIntExact(timeout.toMillis());
            admin = Admin.create(connection.with(Map.of(
                    AdminClientConfig.CLIENT_ID_CONFIG, "ingest-service-health",
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms,
                    AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000)));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
