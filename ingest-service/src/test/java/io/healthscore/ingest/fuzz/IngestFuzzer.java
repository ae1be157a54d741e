package io.healthscore.ingest.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthscore.ingest.fuzz.FuzzCase.Credential;
import io.healthscore.ingest.fuzz.WireClient.Outcome;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Runs generated cases one after another against a running ingest service and checks, for every case: an answer
 * within the per-request timeout (or, only where the request itself was cut off or unframed, a closed
 * connection), never a 5xx, never the write key echoed, problem+json on every error, and exactly the records
 * the request stands for (none unless it was accepted; an accepted request without a valid key is a failure).
 * Failures name the seed and case index, which regenerate the case on their own.
 */
public final class IngestFuzzer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DETAILED_FAILURES = 20;

    /** What the service wrote to Kafka, as the test can observe it. */
    public interface RecordLedger {

        /** Records written so far. */
        long written();

        /** The {@code source} of each record written since {@code mark}, or empty when the ledger cannot tell. */
        Optional<List<String>> sourcesSince(long mark);

        /** Called after each case has been checked; a ledger may drop what it holds for it. */
        default void caseDone() {
        }
    }

    /** A finished run. */
    public record Report(long seed, int cases, long acceptedRecords, long written, List<String> failures,
                         Map<String, Integer> outcomes, Map<String, Integer> unannouncedCloses, long millis,
                         long p50Micros, long p99Micros, long maxMicros) {

        public String summary() {
            return String.format(Locale.ROOT, "fuzz seed=%d cases=%d in %d ms (p50 %.1f ms, p99 %.1f ms, max %.1f ms); "
                            + "records expected %d, written %d; failures %d; outcomes (kind:status) %s; kept "
                            + "connections closed after an answer without 'Connection: close': %s", seed, cases, millis,
                    p50Micros / 1000.0, p99Micros / 1000.0, maxMicros / 1000.0, acceptedRecords, written,
                    failures.size(), outcomes, unannouncedCloses);
        }
    }

    private final InetSocketAddress address;
    private final Duration timeout;
    private final RecordLedger ledger;
    private final boolean perCaseLedger;
    private java.util.function.Consumer<String> trace = line -> { };

    /**
     * @param perCaseLedger whether {@link RecordLedger#written()} is exact after each answer (a captured producer);
     *                      otherwise only the run's total is compared
     */
    public IngestFuzzer(InetSocketAddress address, Duration timeout, RecordLedger ledger, boolean perCaseLedger) {
        this.address = address;
        this.timeout = timeout;
        this.ledger = ledger;
        this.perCaseLedger = perCaseLedger;
    }

    /** Every case and its answer go to {@code trace} as well (for {@code -Dfuzz.trace=true}). */
    public IngestFuzzer tracing(java.util.function.Consumer<String> trace) {
        this.trace = trace;
        return this;
    }

    public Report run(HostileRequestGenerator generator, int from, int count) throws IOException {
        List<String> failures = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        long[] micros = new long[count];
        long expectedTotal = 0;
        long start = ledger.written();
        long started = System.nanoTime();
        List<String> unannounced;
        try (WireClient client = new WireClient(address, timeout)) {
            for (int i = 0; i < count; i++) {
                FuzzCase c = generator.generate(from + i);
                long mark = perCaseLedger ? ledger.written() : 0;
                Outcome outcome = client.send(c);
                micros[i] = outcome.micros();
                String label = outcome.result() == Outcome.Result.ANSWERED ? Integer.toString(outcome.status())
                        : outcome.result().name();
                outcomes.merge(c.kind().split("[/+]")[0] + ":" + label, 1, Integer::sum);
                List<String> problems = new ArrayList<>();
                int expected = check(c, outcome, problems);
                expectedTotal += expected;
                if (perCaseLedger && problems.isEmpty()) {
                    checkWritten(c, outcome, expected, mark, problems);
                }
                if (!problems.isEmpty()) {
                    failures.add(problems + " -> " + outcome + " for " + c.describe());
                }
                trace.accept(outcome + " for " + c.describe());
                ledger.caseDone();
            }
            unannounced = client.unannouncedCloses();
        }
        Map<String, Integer> closes = new TreeMap<>();
        unannounced.forEach(after -> closes.merge(after, 1, Integer::sum));
        long millis = (System.nanoTime() - started) / 1_000_000;
        long written = ledger.written() - start;
        if (written != expectedTotal) {
            failures.add("the run wrote " + written + " records, but its accepted requests stand for " + expectedTotal);
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new Report(generator.seed(), count, expectedTotal, written, List.copyOf(failures), outcomes, closes, millis,
                sorted.length == 0 ? 0 : sorted[sorted.length / 2],
                sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * 99 / 100)],
                sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
    }

    /** The invariants every answer must hold; returns the number of records the case must have written. */
    private int check(FuzzCase c, Outcome outcome, List<String> problems) {
        switch (outcome.result()) {
            case TIMED_OUT -> {
                problems.add("no answer within " + timeout);
                return 0;
            }
            case CLOSED -> {
                if (!closingIsAcceptable(c)) {
                    problems.add("connection closed without an answer");
                }
                return 0;
            }
            case ANSWERED -> {
                // checked below
            }
        }
        int status = outcome.status();
        if (status >= 500) {
            problems.add("server error " + status);
        }
        String body = outcome.bodyText();
        for (String secret : secrets()) {
            if (body.contains(secret) || headersContain(outcome, secret)) {
                problems.add("the answer echoes a write key");
            }
        }
        if (status >= 400 && !c.method().equals("HEAD")) {
            String type = outcome.header("content-type");
            if (type == null || !type.startsWith("application/problem+json")) {
                problems.add("error answer is not problem+json");
            }
        }
        if (status == 401 && outcome.header("www-authenticate") == null) {
            problems.add("401 without WWW-Authenticate");
        }
        if ((status == 429 || status == 503) && outcome.header("retry-after") == null) {
            problems.add(status + " without Retry-After");
        }
        Optional<FuzzEndpoint> endpoint = c.endpoint();
        if (status != 200 || endpoint.isEmpty() || !c.method().equalsIgnoreCase(endpoint.get().method())) {
            return 0;
        }
        if (c.credential() == Credential.NONE) {
            problems.add("accepted without a valid write key");
        }
        if (c.logicalBody() == null) {
            problems.add("accepted a request whose body is not properly framed");
            return 0;
        }
        OptionalInt expected = ExpectedRecords.of(endpoint.get(), c.logicalBody());
        if (expected.isEmpty()) {
            problems.add("accepted a body that is not JSON");
            return 0;
        }
        if (!endpoint.get().segment()) {
            int accepted = acceptedCount(body);
            if (accepted != expected.getAsInt()) {
                problems.add("answered accepted=" + accepted + " for a request of " + expected.getAsInt() + " records");
            }
        }
        return expected.getAsInt();
    }

    private void checkWritten(FuzzCase c, Outcome outcome, int expected, long mark, List<String> problems) {
        long delta = ledger.written() - mark;
        if (delta != expected) {
            problems.add("wrote " + delta + " records, expected " + expected);
            return;
        }
        String source = switch (c.credential()) {
            case WEB -> "web";
            case CRM -> "crm";
            default -> null;
        };
        if (delta > 0 && source != null) {
            ledger.sourcesSince(mark).ifPresent(sources -> {
                if (!sources.stream().allMatch(source::equals)) {
                    problems.add("records attributed to " + sources + ", expected source " + source);
                }
            });
        }
    }

    /** A connection may end without an answer only where the client itself did not finish a well-formed request. */
    private static boolean closingIsAcceptable(FuzzCase c) {
        return c.halfClose();
    }

    private static int acceptedCount(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json.path("accepted").asInt(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean headersContain(Outcome outcome, String secret) {
        return outcome.headers().values().stream().flatMap(List::stream).anyMatch(v -> v.contains(secret));
    }

    private static List<String> secrets() {
        return List.of(HostileRequestGenerator.WEB_KEY, HostileRequestGenerator.CRM_KEY,
                Base64.getEncoder().encodeToString((HostileRequestGenerator.WEB_KEY + ":").getBytes(StandardCharsets.UTF_8)));
    }

    /** At most {@value #DETAILED_FAILURES} failures in full, then a count. */
    public static String describeFailures(Report report) {
        StringBuilder out = new StringBuilder(report.summary()).append('\n');
        report.failures().stream().limit(DETAILED_FAILURES).forEach(f -> out.append("  ").append(f).append('\n'));
        if (report.failures().size() > DETAILED_FAILURES) {
            out.append("  ... and ").append(report.failures().size() - DETAILED_FAILURES).append(" more\n");
        }
        out.append("Reproduce one case with -Dfuzz.seed=").append(report.seed())
                .append(" -Dfuzz.from=<case> -Dfuzz.cases=1");
        return out.toString();
    }
}
