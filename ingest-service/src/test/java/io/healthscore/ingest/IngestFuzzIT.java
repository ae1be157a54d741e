package io.healthscore.ingest;

import io.healthscore.ingest.fuzz.FuzzSettings;
import io.healthscore.ingest.fuzz.HostileRequestGenerator;
import io.healthscore.ingest.fuzz.IngestFuzzer;
import io.healthscore.ingest.support.RunningService;
import io.healthscore.schemas.TopicNames;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz suite against the service on the embedded broker (real producer, acks=all, real registry): the topics
 * the service writes grow by exactly the records of the accepted requests, nothing else, and the service is
 * still ready afterwards. 2,000 cases by default ({@code -Dfuzz.it.cases}); the same seed as
 * {@link IngestFuzzTest}, whose captured producer also checks every case on its own.
 */
@ExtendWith(LocalStackExtension.class)
class IngestFuzzIT {

    private static final Logger LOG = LoggerFactory.getLogger("io.healthscore.ingest.it");

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void hostileRequestsAgainstARealBrokerWriteExactlyTheAcceptedRecords(LocalStack stack) throws Exception {
        FuzzSettings settings = FuzzSettings.fromSystemProperties("fuzz.it.cases", 2_000);
        try (RunningService service = RunningService.on(stack, Map.of(
                "test.fixed-clock", HostileRequestGenerator.NOW.toString(),
                "ingest.rate-limit.events-per-second", "1000000",
                "ingest.rate-limit.burst", "1000000",
                "ingest.rate-limit.account-events-per-second", "1000000",
                "ingest.rate-limit.account-burst", "1000000",
                "ingest.new-accounts.per-source-per-hour", "100000000",
                "ingest.sources.crm.write-key-sha256",
                "00afe8425c882b8d48dbd793bba6332d93dc0e340883960ee79fe8d724263af2",
                "ingest.sources.crm.signals", "all",
                "ingest.sources.crm.profile-fields", "all"));
             Admin admin = stack.admin()) {
            TopicNames names = TopicNames.defaults();
            List<String> written = List.of(names.usageEvents(), names.accountProfiles(), names.accountSignals(),
                    names.usageEvents() + names.dlqSuffix());
            IngestFuzzer fuzzer = new IngestFuzzer(new InetSocketAddress("127.0.0.1", service.uri().getPort()),
                    settings.timeout(), new EndOffsets(admin, written), false);

            IngestFuzzer.Report report = fuzzer.run(new HostileRequestGenerator(settings.seed()), settings.from(),
                    settings.cases());

            LOG.info("{}", report.summary());
            assertThat(report.failures()).as(IngestFuzzer.describeFailures(report)).isEmpty();
            assertThat(report.acceptedRecords()).as("accepted records (the run must exercise the write path)")
                    .isPositive();
            assertThat(service.http().get("/health/readiness").statusCode()).isEqualTo(200);
        }
    }

    /** Records on the topics the service writes, as the sum of their end offsets (no transactions, no markers). */
    private record EndOffsets(Admin admin, List<String> topics) implements IngestFuzzer.RecordLedger {

        @Override
        public long written() {
            try {
                List<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS)
                        .values().stream()
                        .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                        .toList();
                Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                        .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
                return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                        .mapToLong(o -> o.offset()).sum();
            } catch (Exception e) {
                throw new IllegalStateException("cannot read end offsets of " + topics, e);
            }
        }

        @Override
        public Optional<List<String>> sourcesSince(long mark) {
            return Optional.empty();
        }
    }
}
