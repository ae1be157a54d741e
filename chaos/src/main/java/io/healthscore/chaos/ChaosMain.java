package io.healthscore.chaos;

import io.healthscore.chaos.report.ChaosReport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./healthscore chaos [--quick] [--seed S] [--out DIR]}: the pipeline on the local stack under a steady
 * load while every component is crashed or cut off in turn, then reconciled. Prints the chaos table and writes it
 * to {@code DIR} (default {@code .healthscore/chaos/}) as {@code chaos-report.md} and {@code chaos-report.json}.
 * Exits 0 when nothing was lost or duplicated and no secret reached a log, 1 otherwise, 2 on bad options.
 * Data and logs of the run are in {@code .healthscore/chaos/} (git-ignored, emptied at every start).
 */
public final class ChaosMain {

    private ChaosMain() {
    }

    public static void main(String[] args) throws Exception {
        ChaosOptions options;
        try {
            options = ChaosOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(ChaosOptions.USAGE);
            System.exit(2);
            return;
        }
        Path repoRoot = Path.of(System.getProperty("healthscore.repo.root", ".")).toAbsolutePath().normalize();
        Path workDir = repoRoot.resolve(".healthscore").resolve("chaos");
        io.healthscore.stack.Directories.empty(workDir);
        // Read by healthscore-chaos-logback.xml when logging starts, which is after this line.
        System.setProperty("healthscore.chaos.jvm-log", workDir.resolve("chaos-jvm.log").toString());
        Path outDir = options.outDir().orElse(workDir).toAbsolutePath();
        // The run's own lines also go to a file in the work directory, so the secret scan covers them too.
        PrintStream console = new PrintStream(new TeeOutputStream(System.out,
                Files.newOutputStream(workDir.resolve("chaos-run.log"))), true, StandardCharsets.UTF_8);
        ChaosRun run = new ChaosRun(options.plan(), options.seed(), repoRoot, workDir, console);
        Thread main = Thread.currentThread();
        Thread onCtrlC = new Thread(() -> {
            main.interrupt();
            run.close();
        }, "chaos-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        int exit;
        try {
            ChaosReport report = run.run();
            run.close();
            String markdown = report.toMarkdown();
            console.println();
            console.println(markdown);
            Files.createDirectories(outDir);
            Files.writeString(outDir.resolve("chaos-report.md"), markdown, StandardCharsets.UTF_8);
            Files.writeString(outDir.resolve("chaos-report.json"), report.toJson(), StandardCharsets.UTF_8);
            console.println("Report written to " + outDir.resolve("chaos-report.md") + " and chaos-report.json; "
                    + "service logs in " + workDir.resolve("logs"));
            console.println(report.passed() ? "CHAOS PASSED: 0 lost, 0 duplicated, no secret in the logs"
                    : "CHAOS FAILED: " + report.losses() + " lost, " + report.duplicates() + " duplicated, "
                    + report.secretsInLogs() + " secrets in logs" + (report.notes().isEmpty() ? "" : ", see the notes"));
            exit = report.passed() ? 0 : 1;
        } catch (Exception e) {
            System.err.println("chaos run failed: " + e);
            e.printStackTrace();
            run.close();
            exit = 1;
        }
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
        System.exit(exit);
    }

    /** Writes to two streams; used to keep a copy of the console. */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeOutputStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }

}
