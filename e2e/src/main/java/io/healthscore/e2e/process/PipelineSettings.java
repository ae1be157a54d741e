package io.healthscore.e2e.process;

import io.healthscore.e2e.time.CompressedClock;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the three services of one run need to know: where the repository (their build output) and the run's
 * work directory are, the local stack's endpoints, the run's two write keys, the playbook file and
 * channel receivers of the alert service, the CSM API token, and the compressed clock of the run.
 *
 * @param writeKeys          the product's and the CRM's write keys (ingest is given their digests)
 * @param evaluationInterval scoring's punctuator period in event time (STREAM_TIME)
 */
public record PipelineSettings(Path repoRoot, Path workDir, String kafkaBootstrap, String registryUrl,
                               String jdbcUrl, int smtpPort, WriteKeys writeKeys, Path playbookFile,
                               URI slackUrl, URI webhookUrl, String webhookSecret, String apiToken,
                               CompressedClock clock, Duration evaluationInterval) {
}
