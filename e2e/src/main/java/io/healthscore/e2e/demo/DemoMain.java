package io.healthscore.e2e.demo;

import java.nio.file.Path;

/**
 * {@code ./healthscore demo [--accounts N] [--duration D] [--days-per-minute X] [--seed S]}: the whole system on
 * loopback with a synthetic product. The stack runs on free ports with a fresh data directory,
 * {@code .healthscore/demo/} (git-ignored, emptied at every start), so a demo never meets an earlier run's data
 * or a running {@code ./healthscore stack}. With {@code --duration} it stops by itself and its last line is
 * {@code SUMMARY {json}}; without, it runs until Ctrl-C with every endpoint printed at the start.
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path repoRoot = Path.of(System.getProperty("healthscore.repo.root", ".")).toAbsolutePath().normalize();
        Path workDir = repoRoot.resolve(".healthscore").resolve("demo");
        io.healthscore.stack.Directories.empty(workDir);
        DemoRun run = new DemoRun(options, repoRoot, workDir, System.out);
        Thread main = Thread.currentThread();
        Thread onCtrlC = new Thread(() -> {
            main.interrupt();
            run.close();
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            run.run();
            if (options.duration().isEmpty()) {
                return;
            }
        } catch (Exception e) {
            System.err.println("demo failed: " + e.getMessage());
            run.close();
            System.exit(1);
        }
        run.close();
        System.exit(0);
    }

}
