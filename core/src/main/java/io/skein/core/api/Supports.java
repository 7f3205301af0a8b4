package io.skein.core.api;

/**
 * One flag per operator-visible surface (spec 02 §12), in FlowFabric's order; admin surfaces roll up
 * ({@code budgetAdmin} covers create/report/reset/status, {@code issueReclaimGrant} covers reclaim); the worker
 * registry's flags (spec 02 §10) follow FlowFabric's, appended after the streaming ones. Skein's backends
 * report every flag true except {@code subscribeInstanceTags}; the interface default reports all false.
 */
public record Supports(
        boolean cancelExecution,
        boolean changePriority,
        boolean replayExecution,
        boolean revokeLease,
        boolean readExecutionState,
        boolean readExecutionInfo,
        boolean getExecutionResult,
        boolean budgetAdmin,
        boolean quotaAdmin,
        boolean rotateWaitpointHmacSecretAll,
        boolean seedWaitpointHmacSecret,
        boolean listPendingWaitpoints,
        boolean cancelFlowHeader,
        boolean cancelFlowWaitTimeout,
        boolean cancelFlowWaitIndefinite,
        boolean ackCancelMember,
        boolean claimForWorker,
        boolean issueReclaimGrant,
        boolean prepare,
        boolean subscribeLeaseHistory,
        boolean subscribeCompletion,
        boolean subscribeSignalDelivery,
        boolean subscribeInstanceTags,
        boolean streamDurableSummary,
        boolean streamBestEffortLive,
        boolean registerWorker,
        boolean heartbeatWorker,
        boolean markWorkerDead,
        boolean listExpiredLeases,
        boolean listWorkers) {

    /** Every flag false: the default of a partial backend. */
    public static Supports none() {
        return new Supports(false, false, false, false, false, false, false, false, false, false, false, false,
                false, false, false, false, false, false, false, false, false, false, false, false, false,
                false, false, false, false, false);
    }

    /** What Skein's complete backends report: every flag true except {@code subscribeInstanceTags} (reserved). */
    public static Supports complete() {
        return new Supports(true, true, true, true, true, true, true, true, true, true, true, true,
                true, true, true, true, true, true, true, true, true, true, false, true, true,
                true, true, true, true, true);
    }
}
