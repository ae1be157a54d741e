package io.healthscore.e2e.process;

import io.healthscore.e2e.time.CompressedClock;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the three services of one run need to know: where the repository (their build output) and the run's
 * work directory are, the local stack's endpoints, the demo source's write-key digest, the playbook file and
 * channel receivers of the alert service, the CSM API token, and the compressed clock of the run.
 *
 * @param writeKeySha256     lower-case hex SHA-256 of the write key of the ingest source {@code demo}
 * @param evaluationInterval scoring's punctuator period in event time (STREAM_TIME)
 */
public record PipelineSettings(Path repoRoot, Path workDir, String kafkaBootstrap, String registryUrl,
                               String jdbcUrl, int smtpPort, String writeKeySha256, Path playbookFile,
                               URI slackUrl, URI webhookUrl, String webhookSecret, String apiToken,
                               CompressedClock clock, Duration evaluationInterval) {
}
