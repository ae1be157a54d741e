package io.healthscore.backtest.input;

import java.nio.file.Path;

/**
 * Whether a log that is not in time order is sorted before the replay, and with how much memory.
 *
 * @param sort        sort an unsorted log (true), or refuse it naming how far out of order it is (false)
 * @param memoryBytes about how much of the heap the lines held in memory may take; beyond it, sorted runs are
 *                    written to temporary files and merged
 * @param tempParent  where the temporary directory of the runs is made (the report directory); null = the
 *                    system's temporary directory
 */
public record SortSettings(boolean sort, long memoryBytes, Path tempParent) {

    public static final long DEFAULT_MEMORY = 256L << 20;
    static final long MIN_MEMORY = 64L << 10;

    public SortSettings {
        if (memoryBytes < MIN_MEMORY) {
            throw new IllegalArgumentException("sort memory must be at least " + (MIN_MEMORY >> 10) + "k, got "
                    + memoryBytes + " bytes");
        }
    }

    public static SortSettings defaults() {
        return new SortSettings(true, DEFAULT_MEMORY, null);
    }

    public SortSettings withSort(boolean doSort) {
        return new SortSettings(doSort, memoryBytes, tempParent);
    }

    public SortSettings withMemory(long bytes) {
        return new SortSettings(sort, bytes, tempParent);
    }

    public SortSettings withTempParent(Path dir) {
        return new SortSettings(sort, memoryBytes, dir);
    }
}
