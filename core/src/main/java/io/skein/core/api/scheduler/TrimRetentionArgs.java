package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.ScannerFilter;
import io.skein.core.id.LaneId;
import io.skein.core.id.PartitionKey;

/**
 * Arguments of the {@code trimRetention} timer hook (spec 02 §9): purge up to {@code batchSize} terminal executions
 * of the lane older than {@code retentionMs}. {@code filter} is nullable.
 */
public record TrimRetentionArgs(PartitionKey partition, LaneId laneId, long retentionMs, int batchSize,
                                ScannerFilter filter, long now) {

    public TrimRetentionArgs {
        ArgCheck.present(partition, "partition");
        ArgCheck.present(laneId, "lane_id");
        ArgCheck.range(retentionMs, 1, Long.MAX_VALUE, "retention_ms");
        ArgCheck.range(batchSize, 1, Integer.MAX_VALUE, "batch_size");
    }
}
