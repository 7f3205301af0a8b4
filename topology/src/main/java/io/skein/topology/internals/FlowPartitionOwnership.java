package io.skein.topology.internals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Utils;

/**
 * Which flow partitions {@code {fp:N}} land on which {@code ff.commands} partition: Kafka's default partitioner on
 * the key (murmur2 of the UTF-8 key, positive, modulo the partition count), as every producer computes it (07).
 */
public final class FlowPartitionOwnership {

    private FlowPartitionOwnership() {}

    public static int commandPartitionOf(String key, int commandPartitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % commandPartitions;
    }

    /** The flow partitions whose commands the task of {@code commandPartition} applies. */
    public static List<Integer> owned(int flowPartitions, int commandPartitions, int commandPartition) {
        List<Integer> owned = new ArrayList<>();
        for (int n = 0; n < flowPartitions; n++) {
            if (commandPartitionOf("{fp:" + n + "}", commandPartitions) == commandPartition) {
                owned.add(n);
            }
        }
        return owned;
    }
}
