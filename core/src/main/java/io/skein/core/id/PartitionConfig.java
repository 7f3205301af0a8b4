package io.skein.core.id;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The partition counts of a deployment and the placement functions (spec 01 §3). Counts are fixed once a
 * deployment has started: backends record them and refuse a start with other values.
 *
 * @param flowPartitions   {@code FF_FLOW_PARTITIONS}, default 256
 * @param budgetPartitions {@code FF_BUDGET_PARTITIONS}, default 32
 * @param quotaPartitions  {@code FF_QUOTA_PARTITIONS}, default 32
 */
public record PartitionConfig(int flowPartitions, int budgetPartitions, int quotaPartitions) {

    public static final PartitionConfig DEFAULT = new PartitionConfig(256, 32, 32);

    public PartitionConfig {
        check("flow_partitions", flowPartitions);
        check("budget_partitions", budgetPartitions);
        check("quota_partitions", quotaPartitions);
    }

    private static void check(String field, int count) {
        if (count <= 0 || count > 65_536) {
            throw IdText.invalid(field, "must be in 1..65536");
        }
    }

    /** A flow's partition: crc16 of the 16 raw bytes of its UUID, mod the flow count. */
    public int flowPartition(FlowId flowId) {
        return Crc16Xmodem.checksum(bytes(flowId.uuid())) % flowPartitions;
    }

    /** A solo execution's partition: crc16 of the lane name's UTF-8 bytes, mod the flow count. */
    public int soloPartition(LaneId laneId) {
        return Crc16Xmodem.checksum(laneId.value().getBytes(StandardCharsets.UTF_8)) % flowPartitions;
    }

    public int budgetPartition(BudgetId budgetId) {
        return Crc16Xmodem.checksum(bytes(budgetId.uuid())) % budgetPartitions;
    }

    public int quotaPartition(QuotaPolicyId quotaPolicyId) {
        return Crc16Xmodem.checksum(bytes(quotaPolicyId.uuid())) % quotaPartitions;
    }

    /** Mints a solo execution id on the lane's partition. */
    public ExecutionId soloExecutionId(LaneId laneId, UUID uuid) {
        return new ExecutionId(soloPartition(laneId), uuid);
    }

    /**
     * Mints an execution id the way Skein does when it picks the id itself (server, CLI, SDKs; spec 01 §3, D14):
     * crc16 of the uuid's 16 raw bytes, so the executions of one lane spread over every partition.
     */
    public ExecutionId mintedExecutionId(UUID uuid) {
        return new ExecutionId(Crc16Xmodem.checksum(bytes(uuid)) % flowPartitions, uuid);
    }

    /** Mints a flow member's execution id on the flow's partition. */
    public ExecutionId memberExecutionId(FlowId flowId, UUID uuid) {
        return new ExecutionId(flowPartition(flowId), uuid);
    }

    public PartitionKey flowKey(FlowId flowId) {
        return PartitionKey.flow(flowPartition(flowId));
    }

    public PartitionKey budgetKey(BudgetId budgetId) {
        return PartitionKey.budget(budgetPartition(budgetId));
    }

    public PartitionKey quotaKey(QuotaPolicyId quotaPolicyId) {
        return PartitionKey.quota(quotaPartition(quotaPolicyId));
    }

    private static byte[] bytes(UUID uuid) {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
    }
}
