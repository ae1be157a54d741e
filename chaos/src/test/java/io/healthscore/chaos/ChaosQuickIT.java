package io.healthscore.chaos;

import io.healthscore.chaos.report.ChaosReport;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick chaos run ({@code ./healthscore chaos --quick}) inside the test command: every kind of fault once
 * under load, then nothing lost, nothing counted or delivered twice, and no secret in any log. Runs its own stack
 * (it stops and restarts the broker, registry and database), on free ports, in {@code target/}.
 */
class ChaosQuickIT {

    @Test
    void underEveryKindOfFaultNothingIsLostOrDuplicatedAndNoSecretReachesALog() throws Exception {
        // Given the pipeline under a steady load with known totals
        Path workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chaos-quick-");
        Path repoRoot = Path.of(System.getProperty("healthscore.repo.root"));
        ChaosReport report;
        PrintStream out = new PrintStream(Files.newOutputStream(workDir.resolve("chaos-run.log")), true,
                StandardCharsets.UTF_8);
        // When every component is crashed or cut off in turn, and the pipeline has gone quiet
        try (ChaosRun run = new ChaosRun(ChaosPlan.quick(), 7, repoRoot, workDir, out)) {
            report = run.run();
        } finally {
            out.close();
        }
        Files.writeString(workDir.resolve("chaos-report.md"), report.toMarkdown(), StandardCharsets.UTF_8);
        System.out.println(report.toMarkdown());

        // Then the faults really happened and the load really ran through them
        assertThat(report.faults()).hasSize(ChaosPlan.quick().faults().size());
        assertThat(report.events().accepted()).isGreaterThan(1_000);
        assertThat(report.requests().retriedRequests()).isPositive();
        assertThat(report.alerts().expectedFromSignals()).isPositive();
        // And everything accepted is reflected once: events in the scores, alerts in the table, deliveries at receivers
        assertThat(report.events().losses()).as("events lost").isZero();
        assertThat(report.events().duplicates()).as("events counted twice").isZero();
        assertThat(report.alerts().losses()).as("alerts lost").isZero();
        assertThat(report.alerts().duplicates()).as("alerts duplicated").isZero();
        assertThat(report.deliveries().losses()).as("deliveries lost").isZero();
        assertThat(report.deliveries().unknownReceipts()).as("receipts of no outbox row").isZero();
        // A repeat is possible only as the documented resend (kill -9 between send and record); the outbox logged it
        assertThat(report.deliveries().repeatsRecorded()).as("repeats the outbox recorded as resends")
                .isEqualTo(report.deliveries().repeats());
        assertThat(report.secrets().hits()).as("secrets in logs").isEmpty();
        assertThat(report.notes()).isEmpty();
        // A passing run keeps its logs and report; its broker, registry and database data (over 100 MB) go.
        io.healthscore.stack.Directories.deleteRecursively(workDir.resolve("stack"));
    }

}
