package io.healthscore.e2e.product;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Account ids that land on every partition under Kafka's default partitioner. In STREAM_TIME a scoring task's
 * clock moves only with its own input, so a run that wants silent accounts to age keeps at least one active
 * "heartbeat" account on each partition.
 */
public final class PartitionCover {

    private PartitionCover() {
    }

    /** {@code perPartition} ids {@code prefix-n} for each of {@code partitions} partitions. */
    public static List<String> ids(String prefix, int partitions, int perPartition) {
        int[] found = new int[partitions];
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < 10_000 && ids.size() < partitions * perPartition; n++) {
            String id = prefix + "-" + n;
            int partition = partitionOf(id, partitions);
            if (found[partition] < perPartition) {
                found[partition]++;
                ids.add(id);
            }
        }
        return ids;
    }

    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
