package io.healthscore.chaos.fault;

import io.healthscore.chaos.receiver.ChaosReceiver;
import io.healthscore.e2e.process.PipelineProcesses;
import io.healthscore.stack.ApicurioRegistry;
import io.healthscore.stack.KafkaBroker;
import io.healthscore.stack.PostgresServer;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Injects a schedule of {@link FaultStep}s into a running pipeline, one after another, each fully recovered from
 * (restarted services ready again, stack component serving again) before the next one's pause begins; a receiver
 * outage runs in the background while the schedule goes on. Each fault becomes a {@link FaultRecord}.
 */
public final class FaultInjector implements AutoCloseable {

    private static final Duration READY_AT_MOST = Duration.ofSeconds(150);

    private final PipelineProcesses services;
    private final KafkaBroker broker;
    private final ApicurioRegistry registry;
    private final PostgresServer postgres;
    private final ChaosReceiver receiver;
    private final PrintStream out;
    private final long runStartNanos;
    private final List<FaultRecord> records = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "chaos-receiver-outage"));
    private final ExecutorService restarts = Executors.newCachedThreadPool(r -> new Thread(r, "chaos-restart"));
    /** Restarts still waiting for readiness, by service: a service is not killed again before it is ready. */
    private final Map<String, Future<?>> starting = new ConcurrentHashMap<>();

    public FaultInjector(PipelineProcesses services, KafkaBroker broker, ApicurioRegistry registry,
                         PostgresServer postgres, ChaosReceiver receiver, PrintStream out, long runStartNanos) {
        this.services = services;
        this.broker = broker;
        this.registry = registry;
        this.postgres = postgres;
        this.receiver = receiver;
        this.out = out;
        this.runStartNanos = runStartNanos;
    }

    /** Runs the whole schedule, then waits for background outages to end; returns every fault injected. */
    public List<FaultRecord> run(List<FaultStep> schedule) throws InterruptedException {
        for (FaultStep step : schedule) {
            pause(step.pauseBefore());
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            switch (step) {
                case FaultStep.KillServices k -> kill(k.services(), k.awaitReady());
                case FaultStep.RestartBroker b -> records.add(restartBroker(b.down()));
                case FaultStep.RegistryOutage r -> records.add(registryOutage(r.down(), r.restartedMeanwhile()));
                case FaultStep.DatabaseOutage d -> records.add(databaseOutage(d.down()));
                case FaultStep.ReceiverOutage r -> receiverOutage(r.channel(), r.down());
            }
        }
        awaitReady(List.copyOf(starting.keySet()));
        background.shutdown();
        if (!background.awaitTermination(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("a receiver outage did not end");
        }
        return records.stream().sorted(Comparator.comparing(FaultRecord::start)).toList();
    }

    private void kill(List<String> names, boolean awaitReady) {
        awaitReady(names);
        Instant start = Instant.now();
        List<String> pids = names.stream().map(n -> n + " " + services.service(n).pid()).toList();
        say("kill -9 " + String.join(", ", pids));
        services.kill(names);
        long t0 = System.nanoTime();
        Runnable restart = () -> {
            services.restart(names, READY_AT_MOST);
            String detail = "SIGKILL to " + String.join(", ", pids) + "; restarted, ready after " + seconds(t0);
            say("  " + detail);
            records.add(new FaultRecord("kill -9 " + String.join(" + ", names), start, Instant.now(), detail));
        };
        if (awaitReady) {
            restart.run();
        } else {
            Future<?> ready = restarts.submit(restart);
            names.forEach(n -> starting.put(n, ready));
        }
    }

    /** Waits until restarts of these services still in progress are ready; a failed restart fails the run. */
    private void awaitReady(List<String> names) {
        for (String name : names) {
            Future<?> ready = starting.remove(name);
            if (ready == null) {
                continue;
            }
            try {
                ready.get(READY_AT_MOST.toSeconds() + 30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("restarting " + name + " failed: " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException(name + " was not ready again within " + READY_AT_MOST, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + name + " restarted", e);
            }
        }
    }

    private FaultRecord restartBroker(Duration down) {
        Instant start = Instant.now();
        say("Kafka broker: stop");
        long t0 = System.nanoTime();
        broker.close();
        String stopped = "stopped in " + seconds(t0);
        pause(down);
        long t1 = System.nanoTime();
        broker.start();
        String detail = stopped + ", down " + down.toSeconds() + " s, started again in " + seconds(t1)
                + registryCheck();
        say("  Kafka broker: " + detail);
        return new FaultRecord("Kafka broker restart", start, Instant.now(), detail);
    }

    /** The registry keeps its schemas in Kafka; if it did not survive the broker's absence, it is started again. */
    private String registryCheck() {
        if (registry.isRunning()) {
            return "";
        }
        long t0 = System.nanoTime();
        registry.start();
        return "; the registry had exited meanwhile and was started again in " + seconds(t0);
    }

    private FaultRecord registryOutage(Duration down, List<String> restartedMeanwhile) {
        awaitReady(restartedMeanwhile);
        Instant start = Instant.now();
        long downSince = System.nanoTime();
        say("schema registry: stop");
        registry.close();
        List<String> notes = new ArrayList<>();
        for (String name : restartedMeanwhile) {
            pause(Duration.ofSeconds(2));
            String pid = name + " " + services.service(name).pid();
            say("  kill -9 " + pid + " while the registry is down");
            services.kill(List.of(name));
            long t0 = System.nanoTime();
            services.restart(List.of(name), READY_AT_MOST);
            notes.add(pid + " killed and ready again after " + seconds(t0));
        }
        pause(down.minusNanos(System.nanoTime() - downSince));
        long t1 = System.nanoTime();
        registry.start();
        String detail = "down " + seconds(downSince) + " (started again in " + seconds(t1) + ")"
                + (notes.isEmpty() ? "" : "; meanwhile " + String.join("; ", notes));
        say("  schema registry: " + detail);
        return new FaultRecord("schema registry outage" + (restartedMeanwhile.isEmpty() ? ""
                : " + kill -9 " + String.join(" + ", restartedMeanwhile)), start, Instant.now(), detail);
    }

    private FaultRecord databaseOutage(Duration down) {
        // A service starting now would need the database (the alert service migrates it at start-up).
        awaitReady(List.copyOf(starting.keySet()));
        Instant start = Instant.now();
        say("PostgreSQL: stop");
        long t0 = System.nanoTime();
        postgres.close();
        pause(down);
        long t1 = System.nanoTime();
        postgres.start();
        String detail = "down " + seconds(t0) + " (started again in " + seconds(t1) + ")";
        say("  PostgreSQL: " + detail);
        return new FaultRecord("PostgreSQL outage", start, Instant.now(), detail);
    }

    private void receiverOutage(String channel, Duration down) {
        Instant start = Instant.now();
        say("receiver '" + channel + "': answers 503 for " + down.toSeconds() + " s");
        receiver.takeDown(channel);
        background.schedule(() -> {
            receiver.bringUp(channel);
            Instant end = Instant.now();
            say("receiver '" + channel + "': up again");
            records.add(new FaultRecord("receiver '" + channel + "' down (503)", start, end,
                    "answered 503 for " + Duration.between(start, end).toSeconds() + " s"));
        }, down.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits out {@code duration} (parking may wake early, so it parks again until the deadline). */
    private static void pause(Duration duration) {
        long deadline = System.nanoTime() + Math.max(0, duration.toNanos());
        for (long left = deadline - System.nanoTime(); left > 0 && !Thread.currentThread().isInterrupted();
             left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private static String seconds(long sinceNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - sinceNanos) / 1e9);
    }

    private void say(String line) {
        out.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - runStartNanos) / 1e9, line);
        out.flush();
    }

    @Override
    public void close() {
        background.shutdownNow();
        restarts.shutdownNow();
    }
}
