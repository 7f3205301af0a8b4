package io.skein.sql.engine;

import java.time.Duration;
import java.util.Locale;

/**
 * The timers and scanners of spec 05 §4 that run in direct mode, in the order of its table ({@code runDue} runs
 * them in this order). Row 11 and row 13 have two loops each, with their own intervals; of the T2 rows, the flow
 * projector (15), the worker registry's TTL sweep (16) and the log-only invariant checker (17) run here. Each timer
 * knows the variable that sets its interval.
 */
public enum EngineTimer {
    LEASE_EXPIRY(1, "FF_LEASE_EXPIRY_INTERVAL_MS", Duration.ofMillis(1_500)),
    ATTEMPT_TIMEOUT(2, "FF_ATTEMPT_TIMEOUT_INTERVAL_S", Duration.ofSeconds(2)),
    EXECUTION_DEADLINE(3, "FF_EXECUTION_DEADLINE_INTERVAL_S", Duration.ofSeconds(5)),
    SUSPENSION_TIMEOUT(4, "FF_SUSPENSION_TIMEOUT_INTERVAL_S", Duration.ofSeconds(2)),
    PENDING_WAITPOINT_EXPIRY(5, "FF_PENDING_WP_EXPIRY_INTERVAL_S", Duration.ofSeconds(5)),
    DELAYED_PROMOTION(6, "FF_DELAYED_PROMOTER_INTERVAL_MS", Duration.ofMillis(750)),
    CLAIM_GRANT_EXPIRY(7, "FF_GRANT_EXPIRY_INTERVAL_S", Duration.ofSeconds(5)),
    UNBLOCK(8, "FF_UNBLOCK_INTERVAL_S", Duration.ofSeconds(5)),
    BUDGET_RESET(9, "FF_BUDGET_RESET_INTERVAL_S", Duration.ofSeconds(15)),
    CANCEL_RECONCILER(10, "FF_CANCEL_RECONCILER_INTERVAL_S", Duration.ofSeconds(15)),
    EDGE_CANCEL_DISPATCHER(11, "FF_EDGE_CANCEL_DISPATCHER_INTERVAL_S", Duration.ofSeconds(1)),
    EDGE_CANCEL_RECONCILER(11, "FF_EDGE_CANCEL_RECONCILER_INTERVAL_S", Duration.ofSeconds(10)),
    DEPENDENCY_REPAIR(12, "FF_DEPENDENCY_RECONCILER_INTERVAL_S", Duration.ofSeconds(15)),
    BUDGET_RECONCILER(13, "FF_BUDGET_RECONCILER_INTERVAL_S", Duration.ofSeconds(30)),
    QUOTA_RECONCILER(13, "FF_QUOTA_RECONCILER_INTERVAL_S", Duration.ofSeconds(30)),
    RETENTION(14, "FF_RETENTION_TRIMMER_INTERVAL_S", Duration.ofSeconds(60)),
    FLOW_PROJECTOR(15, "FF_FLOW_PROJECTOR_INTERVAL_S", Duration.ofSeconds(15)),
    /** Row 16 (T2): the spec fixes 30 s and names no variable; Skein reads this one like the others. */
    WORKER_REGISTRY_SWEEP(16, "FF_WORKER_REGISTRY_SWEEP_INTERVAL_S", Duration.ofSeconds(30)),
    INVARIANT_CHECKER(17, "FF_INDEX_RECONCILER_INTERVAL_S", Duration.ofSeconds(45));

    private final int row;
    private final String intervalVariable;
    private final Duration defaultInterval;

    EngineTimer(int row, String intervalVariable, Duration defaultInterval) {
        this.row = row;
        this.intervalVariable = intervalVariable;
        this.defaultInterval = defaultInterval;
    }

    /** The row of the spec 05 §4 table. */
    public int row() {
        return row;
    }

    /** The {@code FF_*} variable that overrides the interval; its suffix {@code _MS} or {@code _S} is the unit. */
    public String intervalVariable() {
        return intervalVariable;
    }

    public Duration defaultInterval() {
        return defaultInterval;
    }

    /** Whether {@link #intervalVariable()} is read in milliseconds (else seconds). */
    public boolean intervalInMillis() {
        return intervalVariable.endsWith("_MS");
    }

    /** The snake_case name used in logs and metrics, e.g. {@code lease_expiry}. */
    public String timerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
