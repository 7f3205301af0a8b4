package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;

import io.skein.core.id.PartitionKey;

/**
 * Arguments of the partition-wide reconciler hooks (spec 02 §9, 05 §4): {@code reconcileBudgetCounters}
 * ({@code {b:N}}), {@code reconcileQuotaCounters} ({@code {q:N}}), {@code repairDependencies} and
 * {@code reconcileExecutionIndex} ({@code {fp:N}}).
 */
public record PartitionSweepArgs(PartitionKey partition, long now) {

    public PartitionSweepArgs {
        ArgCheck.present(partition, "partition");
    }
}
