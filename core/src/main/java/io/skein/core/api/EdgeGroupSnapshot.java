package io.skein.core.api;

import io.skein.core.id.ExecutionId;

/**
 * The inbound edge group of one downstream member (spec 02 §1, 04 §4.2): its policy, {@code totalDeps} (n) and
 * resolution counters.
 */
public record EdgeGroupSnapshot(ExecutionId downstreamExecutionId, EdgeDependencyPolicy policy, int totalDeps,
                                int satisfiedCount, int failedCount, int skippedCount, int runningCount,
                                EdgeGroupState groupState) {}
