package io.healthscore.chaos;

import java.nio.file.Path;
import java.util.Optional;

/** The options of {@code ./healthscore chaos}. */
record ChaosOptions(boolean quick, long seed, Optional<Path> outDir) {

    static final String USAGE = "usage: ./healthscore chaos [--quick] [--seed S] [--out DIR]";

    ChaosPlan plan() {
        return quick ? ChaosPlan.quick() : ChaosPlan.full();
    }

    static ChaosOptions parse(String[] args) {
        boolean quick = false;
        long seed = 42;
        Optional<Path> out = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
                case "--out" -> out = Optional.of(Path.of(value(args, ++i, "--out")));
                case "-h", "--help" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        return new ChaosOptions(quick, seed, out);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
