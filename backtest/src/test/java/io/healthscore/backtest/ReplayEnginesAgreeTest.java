package io.healthscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.avro.SignalType;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.backtest.generate.GeneratorSettings;
import io.healthscore.backtest.generate.GeneratorSettings.LogFormat;
import io.healthscore.backtest.generate.SyntheticLog;
import io.healthscore.backtest.replay.AccountTimeline;
import io.healthscore.backtest.replay.DirectReplay;
import io.healthscore.backtest.replay.Replay;
import io.healthscore.backtest.replay.ReplayObservations;
import io.healthscore.backtest.replay.ReplaySettings;
import io.healthscore.backtest.replay.ReplaySettings.Engine;
import io.healthscore.backtest.replay.TopologyReplay;
import io.healthscore.backtest.report.BacktestReport;
import io.healthscore.backtest.report.JsonReport;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.model.ScoringModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The direct replay (the scoring processor in a lean harness, accounts over several threads) gives what the
 * topology gives in Kafka Streams' test driver: every score sampled, every alert in order, every transition, every
 * dead letter by reason in order, every decline measure, the same report and the same proposed model, on logs of
 * two shapes and on inputs the topology rejects. The sweep slice is smaller than the accounts, so its cursor walks
 * across partitions.
 */
class ReplayEnginesAgreeTest {

    private static final ReplaySettings HOURLY_SMALL_SLICE = new ReplaySettings(Duration.ofHours(1), 17);

    @TempDir
    Path dir;

    @Test
    void aNativeLogGivesTheSameReportThroughBothEngines() throws Exception {
        Path log = dir.resolve("native.jsonl");
        new SyntheticLog(GeneratorSettings.defaults().with(60, 30_000, 75).withChurnShare(0.3).withSeed(3))
                .write(log, null);

        assertSameRuns(BacktestOptions.of(log, dir.resolve("out")).withWarmup(14).withFit(true));
    }

    @Test
    void anOrgsLogWrittenOrganisationByOrganisationGivesTheSameReportThroughBothEngines() throws Exception {
        Path log = dir.resolve("orgs.jsonl");
        new SyntheticLog(GeneratorSettings.defaults().with(40, 40_000, 75).withFormat(LogFormat.ORGS)
                .withChurnShare(0.3).withSeed(8)).write(log, null);

        assertSameRuns(BacktestOptions.of(log, dir.resolve("out")).withMapping(Path.of("examples/orgs-mapping.yml"))
                .withWarmup(14).withFit(true));
    }

    private void assertSameRuns(BacktestOptions options) throws Exception {
        BacktestReport driver = run(options, HOURLY_SMALL_SLICE.withEngine(Engine.DRIVER, 1), "driver");
        BacktestReport oneThread = run(options, HOURLY_SMALL_SLICE.withEngine(Engine.DIRECT, 1), "direct-1");
        BacktestReport twoThreads = run(options, HOURLY_SMALL_SLICE.withEngine(Engine.DIRECT, 2), "direct-2");

        assertThat(driver.replay().observations().scoresPublished()).isGreaterThan(10_000);
        assertThat(driver.replay().observations().alerts()).hasSizeGreaterThan(20);
        assertThat(driver.replay().observations().declines()).isNotEmpty();
        for (BacktestReport direct : List.of(oneThread, twoThreads)) {
            assertSameObservations(direct.replay().observations(), driver.replay().observations());
            assertThat(comparable(direct)).isEqualTo(comparable(driver));
        }
        List<String> proposed = withoutWhen(options.out().resolveSibling("driver").resolve("proposed-model.yml"));
        assertThat(proposed).hasSizeGreaterThan(20);
        assertThat(withoutWhen(options.out().resolveSibling("direct-2").resolve("proposed-model.yml")))
                .containsExactlyElementsOf(proposed);
    }

    private static BacktestReport run(BacktestOptions options, ReplaySettings replay, String out) throws Exception {
        BacktestOptions o = options.withReplay(replay);
        return Backtest.run(new BacktestOptions(o.events(), o.mapping(), o.outcomes(), o.model(), o.fit(),
                options.out().resolveSibling(out), o.warmupDays(), o.horizonDays(), o.leadDays(), o.replay(), o.seed(),
                o.sort(), o.maxDeadLetterShare()), m -> { });
    }

    @Test
    void inputsTheTopologyRejectsAreDeadLetteredAlikeAndInTheSameOrder() {
        List<SpecificRecord> inputs = inputsWithRejects();
        ScoringModel model = Backtest.observed(defaultModel());
        ReplaySettings settings = new ReplaySettings(Duration.ofHours(1), 7);

        ReplayObservations expected = replay(new TopologyReplay(model, settings), inputs);
        ReplayObservations oneThread = replay(new DirectReplay(model, settings.withEngine(Engine.DIRECT, 1), 40), inputs);
        ReplayObservations twoThreads = replay(new DirectReplay(model, settings, 40), inputs);
        ReplayObservations threeThreads = replay(new DirectReplay(model, settings.withEngine(Engine.DIRECT, 3), 40), inputs);

        assertThat(expected.deadLetterCount()).isGreaterThan(300);
        assertThat(expected.deadLettersByReason()).hasSizeGreaterThan(3);
        assertSameObservations(oneThread, expected);
        assertSameObservations(twoThreads, expected);
        assertSameObservations(threeThreads, expected);
    }

    @Test
    void moreAccountsThanTheProcessorKeepsDecodedRunInOnePartition() {
        ScoringModel model = defaultModel();
        try (DirectReplay few = new DirectReplay(model, ReplaySettings.defaults(), 1_024);
             DirectReplay many = new DirectReplay(model, ReplaySettings.defaults(), 1_025);
             DirectReplay unknown = new DirectReplay(model, ReplaySettings.defaults(), -1)) {
            assertThat(few.partitions()).isEqualTo(ReplaySettings.DEFAULT_THREADS);
            assertThat(many.partitions()).isEqualTo(1);
            assertThat(unknown.partitions()).isEqualTo(1);
        }
    }

    private static ReplayObservations replay(Replay replay, List<SpecificRecord> inputs) {
        try (replay) {
            inputs.forEach(replay::pipe);
            return replay.finish();
        }
    }

    /**
     * 40 accounts over 45 days, a few users each, with signals and profiles; among them inputs from the future, too
     * late, with an NPS out of range or an email that is none, some for accounts never seen otherwise.
     */
    private static List<SpecificRecord> inputsWithRejects() {
        Random random = new Random(17);
        List<SpecificRecord> inputs = new ArrayList<>();
        long start = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
        long id = 0;
        for (long t = start; t < start + Duration.ofDays(45).toMillis(); t += 60_000 + random.nextInt(600_000)) {
            String account = "acct-" + random.nextInt(40);
            Instant at = Instant.ofEpochMilli(t);
            int kind = random.nextInt(100);
            if (kind < 80) {
                Instant occurred = kind < 6 ? at.plus(Duration.ofDays(1 + random.nextInt(3)))
                        : kind < 9 ? at.minus(Duration.ofDays(40)) : at;
                inputs.add(UsageEvent.newBuilder().setMessageId("m" + id++).setAccountId(kind == 7 ? "ghost-" + id : account)
                        .setUserId(account + "-u" + random.nextInt(6))
                        .setType(kind % 3 == 0 ? UsageEventType.LOGIN : UsageEventType.FEATURE_USED)
                        .setFeature(kind % 3 == 0 ? null : List.of("dashboards", "reports", "exports").get(kind % 3))
                        .setOccurredAt(occurred).setReceivedAt(at).setSource("test").build());
            } else if (kind < 92) {
                int nps = kind < 84 ? 12 : random.nextInt(11);
                inputs.add(AccountSignal.newBuilder().setMessageId("s" + id++).setAccountId(account)
                        .setType(SignalType.NPS_ANSWER).setNpsScore(nps).setOccurredAt(at).setReceivedAt(at)
                        .setSource("test").build());
            } else {
                inputs.add(AccountProfile.newBuilder().setAccountId(kind == 99 ? "ghost-" + id++ : account)
                        .setSeats(5 + random.nextInt(20)).setSegment(kind % 2 == 0 ? "smb" : "enterprise")
                        .setCsmOwnerEmail(kind < 95 ? "not an email" : "csm@vendor.example")
                        .setUpdatedAt(at).setSource("test").build());
            }
        }
        return inputs;
    }

    static void assertSameObservations(ReplayObservations actual, ReplayObservations expected) {
        assertThat(actual.scoresPublished()).isEqualTo(expected.scoresPublished());
        assertThat(actual.transitionsDown()).isEqualTo(expected.transitionsDown());
        assertThat(actual.transitionsUp()).isEqualTo(expected.transitionsUp());
        assertThat(actual.deadLetterCount()).isEqualTo(expected.deadLetterCount());
        assertThat(List.copyOf(actual.deadLettersByReason().entrySet()))
                .containsExactlyElementsOf(List.copyOf(expected.deadLettersByReason().entrySet()));
        assertThat(actual.alerts()).containsExactlyElementsOf(expected.alerts());
        assertThat(actual.declines()).containsExactlyElementsOf(expected.declines());
        assertThat(actual.expansions()).containsExactlyElementsOf(expected.expansions());
        TreeSet<String> accounts = new TreeSet<>();
        expected.timelines().forEach(t -> accounts.add(t.account()));
        assertThat(actual.timelines()).extracting(AccountTimeline::account).containsExactlyInAnyOrderElementsOf(accounts);
        for (String account : accounts) {
            AccountTimeline e = expected.timeline(account);
            AccountTimeline a = actual.timeline(account);
            assertThat(a.firstDay()).as(account).isEqualTo(e.firstDay());
            assertThat(a.days()).as(account).isEqualTo(e.days());
            assertThat(a.firstScoreAt()).as(account).isEqualTo(e.firstScoreAt());
            assertThat(a.segment()).as(account).isEqualTo(e.segment());
            for (long day = e.firstDay(); day < e.firstDay() + e.days(); day++) {
                assertSameDouble(a.scoreOn(day), e.scoreOn(day), account + " day " + day);
                assertThat(a.levelOn(day)).as(account + " day " + day).isEqualTo(e.levelOn(day));
                for (ScoreComponent c : ScoreComponent.values()) {
                    assertSameDouble(a.componentOn(day, c), e.componentOn(day, c), account + " day " + day + " " + c);
                }
            }
            for (ScoreComponent c : ScoreComponent.values()) {
                assertSameDouble(a.weightInForce(c), e.weightInForce(c), account + " " + c);
            }
        }
    }

    /** The proposed model's lines, the header's time of the run left out. */
    private static List<String> withoutWhen(Path model) throws Exception {
        return Files.readAllLines(model).stream()
                .map(line -> line.replaceAll(" on \\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z", " on <time>")).toList();
    }

    /** Equal as doubles are in a report: NaN (no data) equals NaN. */
    private static void assertSameDouble(double actual, double expected, String what) {
        assertThat(Double.compare(actual, expected)).as(what + ": " + actual + " vs " + expected).isZero();
    }

    /** The report without what depends on the machine: timings, and where the files are. */
    private static ObjectNode comparable(BacktestReport report) {
        ObjectNode tree = JsonReport.tree(report);
        tree.remove(List.of("generatedAt", "inputs", "charts"));
        ObjectNode replay = (ObjectNode) tree.get("replay");
        replay.remove(List.of("seconds", "recordsPerSecond", "cpuSeconds", "inputsPerSecond"));
        if (tree.get("fit") instanceof ObjectNode fit) {
            fit.remove("proposedModel");
        }
        ObjectNode order = (ObjectNode) replay.get("order");
        if (order != null) {
            order.remove(List.of("checkSeconds", "sortSeconds", "seconds"));
        }
        return tree;
    }

    private static ScoringModel defaultModel() {
        return ScoringModelLoader.loadResource(Backtest.DEFAULT_MODEL_RESOURCE);
    }
}
