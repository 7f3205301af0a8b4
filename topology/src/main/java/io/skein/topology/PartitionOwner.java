package io.skein.topology;

import java.util.List;

/**
 * One engine instance of the application and the {@code ff.commands} partitions whose tasks it runs (active) or
 * shadows (standby), with the flow partitions {@code {fp:N}} whose commands those active tasks apply.
 *
 * @param server       the instance's {@code FF_KAFKA_APPLICATION_SERVER} ({@code host:port}), null when unset
 * @param thisInstance whether it is the instance that answered
 */
public record PartitionOwner(String server, boolean thisInstance, List<Integer> commandPartitions,
                             List<Integer> standbyCommandPartitions, List<Integer> flowPartitions) {

    public PartitionOwner {
        commandPartitions = List.copyOf(commandPartitions);
        standbyCommandPartitions = List.copyOf(standbyCommandPartitions);
        flowPartitions = List.copyOf(flowPartitions);
    }
}
