package io.healthscore.e2e.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthscore.e2e.http.ChannelReceiver;
import io.healthscore.e2e.http.IngestClient;
import io.healthscore.e2e.observe.PipelineObserver;
import io.healthscore.e2e.process.PipelineProcesses;
import io.healthscore.e2e.process.ConsumerProgress;
import io.healthscore.e2e.process.PipelineSettings;
import io.healthscore.e2e.process.RunFiles;
import io.healthscore.e2e.process.WriteKeys;
import io.healthscore.e2e.process.UnboundedRetention;
import io.healthscore.e2e.product.AccountCatalog;
import io.healthscore.e2e.product.ProductAccount;
import io.healthscore.e2e.product.ProductTraffic;
import io.healthscore.e2e.time.CompressedClock;
import io.healthscore.schemas.TopicNames;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.StackConfig;
import org.apache.kafka.clients.admin.Admin;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One run of the demo: the local stack on free ports (data in the work directory), the three services, the
 * synthetic product on the compressed clock (without a duration, at real time once the clock has caught up with
 * the wall clock), a status line every five seconds, and — with a duration — a final {@code SUMMARY {json}} line
 * once the pipeline has caught up. Closing stops everything it started.
 */
final class DemoRun implements AutoCloseable {

    private static final Duration STATUS_EVERY = Duration.ofSeconds(5);
    private static final Duration WARM_UP = Duration.ofDays(10);
    private static final Duration DRAIN_AT_MOST = Duration.ofSeconds(45);
    private static final Duration QUIET_FOR = Duration.ofSeconds(4);
    private static final Duration RUN_AT_MOST_UNBOUNDED = Duration.ofDays(1);

    private final DemoOptions options;
    private final Path repoRoot;
    private final Path workDir;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private volatile LocalStack stack;
    private ChannelReceiver channels;
    private PipelineProcesses services;
    private volatile PipelineObserver observer;
    private ExecutorService productThread;
    private volatile CompressedClock clock;
    private volatile boolean closed;

    DemoRun(DemoOptions options, Path repoRoot, Path workDir, PrintStream out) {
        this.options = options;
        this.repoRoot = repoRoot;
        this.workDir = workDir;
        this.out = out;
    }

    /** Runs until the duration has passed (then prints the SUMMARY) or, without one, until interrupted. */
    void run() throws Exception {
        int days = options.days();
        Instant origin = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days + 1L));
        out.println("Starting the local stack (data in " + workDir + ") ...");
        stack = new LocalStack(StackConfig.onFreePorts(workDir.resolve("stack"))).startAll();
        stack.provision();
        out.printf("Stack ready after %.1f s. Starting ingest, scoring and alert services ...%n", seconds());

        channels = ChannelReceiver.start();
        WriteKeys writeKeys = WriteKeys.random();
        String apiToken = RunFiles.randomSecret();
        clock = CompressedClock.standingAt(origin, options.daysPerMinute(), workDir.resolve("clock-start"));
        PipelineSettings settings = new PipelineSettings(repoRoot, workDir, stack.kafka().bootstrapServers(),
                stack.registry().confluentUrl(), stack.jdbcUrl(), stack.smtp().port(), writeKeys,
                RunFiles.writePlaybooks(workDir), channels.url("/slack"), channels.url("/crm"),
                RunFiles.randomSecret(), apiToken, clock, Duration.ofHours(6));
        DemoSignIns signIns = DemoSignIns.random();
        services = PipelineProcesses.start(settings, Duration.ofSeconds(120),
                spec -> spec.name().equals("alert-service") ? signIns.configure(spec) : spec);
        try (Admin admin = stack.admin()) {
            UnboundedRetention.apply(admin);
        }
        observer = PipelineObserver.start(stack.kafka().bootstrapServers(), stack.registryClient());

        List<ProductAccount> accounts = AccountCatalog.generate(options.accounts(), days, origin, options.seed());
        ProductTraffic product = new ProductTraffic(accounts, clock, origin,
                new IngestClient(services.ingestUrl(), writeKeys), options.seed());
        product.publishProfiles();
        try (Admin admin = stack.admin()) {
            ConsumerProgress.awaitCaughtUp(admin, PipelineProcesses.SCORING_APPLICATION_ID,
                    TopicNames.defaults().accountProfiles(), Duration.ofSeconds(60));
        }
        DemoEndpoints endpoints = new DemoEndpoints(services.ingestUrl(), writeKeys, services.scoringUrl(),
                services.alertUrl(), apiToken, stack.kafka().bootstrapServers(), stack.registry().confluentUrl(),
                stack.jdbcUrl(), stack.smtp().port(), workDir.resolve("logs"), services.alertUrl().resolve("/console/"),
                signIns);
        endpoints.writeTo(workDir.resolve(DemoEndpoints.FILE));
        printEndpoints(endpoints, accounts.size(), days);
        clock.start();
        long trafficStart = System.nanoTime();
        Duration runFor = options.duration().orElse(RUN_AT_MOST_UNBOUNDED);
        Instant deadline = Instant.now().plus(runFor);
        productThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "synthetic-product"));
        Future<?> traffic = productThread.submit(() -> {
            if (options.duration().isPresent()) {
                product.runThrough(days, deadline);
            } else {
                // The past in compressed time, then on at real time: the clock never runs ahead of the broker's.
                product.runThrough(Integer.MAX_VALUE, deadline);
                product.runLive(deadline);
            }
        });

        DeliveryCounts deliveries = new DeliveryCounts(stack.jdbcUrl());
        LiveConsole console = new LiveConsole(out);
        boolean toldCaughtUp = false;
        while (Instant.now().isBefore(deadline) && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(STATUS_EVERY.toNanos());
            if (!toldCaughtUp && clock.caughtUp()) {
                toldCaughtUp = true;
                out.printf("The clock has caught up with the wall clock (%s): from now on time passes at real time; "
                        + "every account sends usage once a minute, and every %d s one account has an incident "
                        + "that it recovers from %d s later.%n", clock.instant().truncatedTo(ChronoUnit.SECONDS),
                        ProductTraffic.LIVE_ROUND.toSeconds(),
                        ProductTraffic.LIVE_ROUND.toSeconds() * ProductTraffic.RECOVER_AFTER_ROUNDS);
            }
            console.print(figures(product, accounts, deliveries));
        }
        if (options.duration().isEmpty()) {
            return;
        }
        traffic.cancel(true);
        productThread.shutdownNow();
        productThread.awaitTermination(10, TimeUnit.SECONDS);
        awaitPipelineQuiet();
        DemoFigures last = figures(product, accounts, deliveries);
        console.print(last);
        double trafficSeconds = (System.nanoTime() - trafficStart) / 1e9;
        out.printf("The product ran for %.0f s of wall time (%d days of event time, then caught up); total %.0f s. Stopping ...%n",
                trafficSeconds, product.lastDaySent() + 1, seconds());
        String summary = new ObjectMapper().writeValueAsString(last.toSummary(seconds(), product.rejectedRequests()));
        close();
        out.println("SUMMARY " + summary);
        out.flush();
    }

    /** The run's clock, once the run has made it (null before). */
    CompressedClock clock() {
        return clock;
    }

    /** What the pipeline has produced so far, once the run observes it (null before). */
    PipelineObserver observer() {
        return observer;
    }

    /** The run's Kafka, once its stack is up (null before). */
    String kafkaBootstrap() {
        LocalStack s = stack;
        return s == null ? null : s.kafka().bootstrapServers();
    }

    private DemoFigures figures(ProductTraffic product, List<ProductAccount> accounts, DeliveryCounts deliveries) {
        return DemoFigures.of(observer.record(), accounts, product.eventsSent(), deliveries.deliveredByChannel(),
                stack.smtp().messages().size(), WARM_UP, Math.max(0, product.lastDaySent()));
    }

    /** Waits (bounded) until no new score has arrived for a few seconds: scoring and alerts caught up. */
    private void awaitPipelineQuiet() {
        long deadline = System.nanoTime() + DRAIN_AT_MOST.toNanos();
        long seen = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = observer.record().scoreCount() + observer.record().alerts().size();
            if (now != seen) {
                seen = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > QUIET_FOR.toNanos()) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
    }

    private void printEndpoints(DemoEndpoints endpoints, int accounts, int days) {
        out.println();
        out.println("healthscore demo: " + accounts + " accounts, " + options.daysPerMinute()
                + " days of event time per minute" + options.duration().map(d -> ", " + days + " days in " + d.toSeconds() + " s").orElse(", until Ctrl-C"));
        endpoints.lines().forEach(out::println);
        out.println("  (all of it also in " + workDir.resolve(DemoEndpoints.FILE) + ")");
        out.println();
        out.flush();
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Stops the product, the services, the observer and the stack; safe to call twice (also from Ctrl-C). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (productThread != null) {
            productThread.shutdownNow();
        }
        if (observer != null) {
            observer.close();
        }
        if (services != null) {
            services.close();
        }
        if (channels != null) {
            channels.close();
        }
        if (stack != null) {
            stack.close();
        }
    }
}
