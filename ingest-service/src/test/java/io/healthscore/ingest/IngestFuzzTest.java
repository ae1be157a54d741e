package io.healthscore.ingest;

import io.healthscore.ingest.fuzz.CapturedRecords;
import io.healthscore.ingest.fuzz.FuzzSettings;
import io.healthscore.ingest.fuzz.HostileRequestGenerator;
import io.healthscore.ingest.fuzz.IngestFuzzer;
import io.healthscore.ingest.support.RawHttp;
import io.healthscore.schemas.Topics;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest fuzz suite: at least 10,000 generated malformed and hostile requests per build (seeded, so every
 * failure reproduces from its seed and case index) against the real HTTP server on 127.0.0.1, with the
 * producer captured. Every request answers within the timeout and never with a 5xx, writes exactly the records
 * it was accepted for (none when refused), and heap use after the run stays within a bound of where it started.
 * {@code -Dfuzz.cases=200000 -Dfuzz.seed=random} runs longer; see {@link FuzzSettings}.
 */
@MicronautTest
@Property(name = "test.fixed-clock", value = "2026-06-01T12:00:00Z")
@Property(name = "ingest.rate-limit.events-per-second", value = "1000000")
@Property(name = "ingest.rate-limit.burst", value = "1000000")
@Property(name = "ingest.rate-limit.account-events-per-second", value = "1000000")
@Property(name = "ingest.rate-limit.account-burst", value = "1000000")
@Property(name = "ingest.new-accounts.per-source-per-hour", value = "100000000")
class IngestFuzzTest {

    private static final Logger LOG = LoggerFactory.getLogger("io.healthscore.ingest.it");
    /** Retained heap may grow this much over a run (caches, JIT and metric meters settle early). */
    private static final long HEAP_GROWTH_BOUND = 48L * 1024 * 1024;

    @Inject
    EmbeddedServer server;
    @Inject
    MockProducer<byte[], byte[]> producer;
    @Inject
    Topics topics;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void hostileRequestsGetNoServerErrorNoHangWriteOnlyWhatWasAcceptedAndLeaveMemoryBounded() throws Exception {
        FuzzSettings settings = FuzzSettings.fromSystemProperties(10_000);
        HostileRequestGenerator generator = new HostileRequestGenerator(settings.seed());
        IngestFuzzer fuzzer = new IngestFuzzer(new InetSocketAddress("127.0.0.1", server.getPort()),
                settings.timeout(), new CapturedRecords(producer, topics), true);
        if (settings.trace()) {
            fuzzer.tracing(line -> LOG.info("{}", line));
        }
        LOG.info("fuzzing {} cases from {} with seed {}", settings.cases(), settings.from(), settings.seed());
        // Given a warmed-up service (classes loaded, serializers and metric meters created)
        int warmUp = Math.min(settings.cases(), 500);
        IngestFuzzer.Report first = fuzzer.run(generator, settings.from(), warmUp);
        long heapBefore = heapAfterGc();

        // When the rest of the cases run
        IngestFuzzer.Report rest = fuzzer.run(generator, settings.from() + warmUp, settings.cases() - warmUp);
        long heapAfter = heapAfterGc();

        // Then every case held every invariant
        LOG.info("{}", first.summary());
        LOG.info("{}", rest.summary());
        LOG.info("heap after GC: {} MB after warm-up, {} MB at the end", heapBefore >> 20, heapAfter >> 20);
        assertThat(first.failures()).as(IngestFuzzer.describeFailures(first)).isEmpty();
        assertThat(rest.failures()).as(IngestFuzzer.describeFailures(rest)).isEmpty();
        // And the service still accepts a valid request
        assertThat(new RawHttp(server.getURI()).post("/v1/events", "{\"type\":\"login\",\"accountId\":\"after-fuzz\"}")
                .statusCode()).isEqualTo(200);
        // And memory did not grow with the number of requests
        assertThat(heapAfter - heapBefore).as("retained heap growth in bytes").isLessThan(HEAP_GROWTH_BOUND);
    }

    private static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
