package io.healthscore.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code ./healthscore bench [--quick] [--accounts N] [--out DIR] [--clients C] [--batch B] [--rate R]
 * [--e2e-duration D] [--seed S] [--profile] [--scoring-property k=v]}: one benchmark run on a fresh local stack on 127.0.0.1; writes
 * {@code DIR/results.json} and {@code DIR/results.md} and prints the table.
 */
public final class BenchMain {

    static final String USAGE = """
            usage: ./healthscore bench [--quick] [--accounts N] [--out DIR] [--clients C] [--batch B] [--rate R]
                                       [--e2e-duration D] [--seed S] [--profile] [--scoring-property k=v]

            Runs on a fresh local stack on 127.0.0.1, one phase after another, and stops by itself:
              raw Kafka producer and consumer (the baseline), ingest over HTTP, scoring from a pre-loaded
              usage-events topic, state size and restart after kill -9, end-to-end latency at a fixed load.
              --quick          a run of a few minutes (10,000 accounts, short phases)
              --accounts N     accounts with history (default 100,000; 10,000 with --quick; up to 5,000,000)
              --out DIR        where results.json and results.md go (default bench-results/<time>)
              --clients C      concurrent HTTP clients of the ingest phase (16)
              --batch B        events per ingest request (100)
              --rate R         offered events per second of the end-to-end phase (5000)
              --e2e-duration D how long that load runs, e.g. 60s (20s with --quick, 60s otherwise)
              --seed S         seed of the generated history (42)
              --profile        record each service with Java Flight Recorder (DIR/work/logs/<service>.jfr)
              --scoring-property key=value
                               a setting for the scoring service (repeatable), to compare configurations,
                               e.g. kafka.statestore.cache.max.bytes=0 turns its store caches off
            """;

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = parse(args, Path.of("bench-results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        } catch (IllegalArgumentException e) {
            System.err.println("healthscore bench: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(USAGE);
            return;
        }
        Path repoRoot = Path.of(System.getProperty("healthscore.repo.root", ".")).toAbsolutePath().normalize();
        int code = run(options, repoRoot, System.out);
        System.exit(code);
    }

    /** Runs the benchmark; 0 when every phase produced its figures. */
    static int run(BenchOptions options, Path repoRoot, PrintStream out) throws Exception {
        Path workDir = options.out().resolve("work");
        // Always a fresh stack: topics, consumer groups or state left by an earlier run would skew every figure.
        if (Files.exists(workDir)) {
            out.println("Removing the work directory of an earlier run: " + workDir);
            io.healthscore.stack.Directories.deleteRecursively(workDir);
        }
        Files.createDirectories(workDir);
        try (BenchRun run = new BenchRun(options, repoRoot, workDir, out)) {
            BenchResults results = run.run();
            results.write(options.out());
            out.println();
            out.print(results.markdown());
            out.println();
            out.println("Results: " + options.out().resolve("results.json").toAbsolutePath());
            return 0;
        }
    }

    /** The options of a command line, or null for --help. */
    static BenchOptions parse(String[] args, Path defaultOut) {
        boolean quick = false;
        Integer accounts = null;
        Integer clients = null;
        Integer batch = null;
        Integer rate = null;
        Duration e2e = null;
        Long seed = null;
        Path out = defaultOut;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--quick" -> quick = true;
                case "--profile" -> System.setProperty(BenchRun.PROFILE, "true");
                case "--scoring-property" -> {
                    String setting = value(args, ++i, arg);
                    int eq = setting.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--scoring-property expects key=value, got '" + setting + "'");
                    }
                    BenchServices.SCORING_OVERRIDES.put(setting.substring(0, eq), setting.substring(eq + 1));
                }
                case "--accounts" -> accounts = intValue(arg, value(args, ++i, arg));
                case "--clients" -> clients = intValue(arg, value(args, ++i, arg));
                case "--batch" -> batch = intValue(arg, value(args, ++i, arg));
                case "--rate" -> rate = intValue(arg, value(args, ++i, arg));
                case "--e2e-duration" -> e2e = duration(arg, value(args, ++i, arg));
                case "--seed" -> seed = (long) intValue(arg, value(args, ++i, arg));
                case "--out" -> out = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        BenchOptions options = quick ? BenchOptions.quick(out) : BenchOptions.full(out);
        if (accounts != null) {
            options = options.withAccounts(accounts);
        }
        if (clients != null) {
            options = options.withClients(clients);
        }
        if (batch != null) {
            options = options.withBatch(batch);
        }
        if (rate != null) {
            options = options.withRate(rate);
        }
        if (e2e != null) {
            options = options.withE2eDuration(e2e);
        }
        if (seed != null) {
            options = options.withSeed(seed);
        }
        return options;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int intValue(String option, String value) {
        try {
            return Integer.parseInt(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a whole number, got '" + value + "'");
        }
    }

    private static Duration duration(String option, String value) {
        String v = value.trim().toLowerCase();
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " expects a duration like 60s or 2m, got '" + value + "'");
        }
    }
}
