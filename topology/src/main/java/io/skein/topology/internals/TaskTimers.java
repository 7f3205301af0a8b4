package io.skein.topology.internals;

import io.skein.core.api.scheduler.CloseWaitpointArgs;
import io.skein.core.api.scheduler.ExpireClaimGrantArgs;
import io.skein.core.api.scheduler.ExpireExecutionArgs;
import io.skein.core.api.scheduler.ExpirePhase;
import io.skein.core.api.scheduler.TimerArgs;
import io.skein.core.command.EngineCommand;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.WaitpointId;
import io.skein.sql.engine.EngineTimer;
import io.skein.stores.TimerStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * How a task runs the timers of spec 05 §4 in Kafka mode: rows 1–7 are entries of its timer store, each fired as the
 * internal command of its timer hook (spec 02 "Timer hooks") under a deterministic command id; the sweeps of rows
 * 8–14 and 16 are punctuators, run by every task over its own partitions or, for the global ones, by the task of command
 * partition 0 alone (one owner at any time across instances).
 */
final class TaskTimers {

    /** Sweeps whose items belong to flow partitions: every task runs them over the partitions it owns. */
    private static final List<EngineTimer> PER_TASK = List.of(EngineTimer.UNBLOCK, EngineTimer.CANCEL_RECONCILER,
            EngineTimer.EDGE_CANCEL_DISPATCHER, EngineTimer.EDGE_CANCEL_RECONCILER, EngineTimer.DEPENDENCY_REPAIR,
            EngineTimer.FLOW_PROJECTOR, EngineTimer.INVARIANT_CHECKER);
    /**
     * Sweeps of budgets, quotas, retention and the worker registry: not execution state, run once by the task of
     * partition 0 (spec 05 §4: global ones, 14 and 16, on command partition 0).
     */
    private static final List<EngineTimer> GLOBAL = List.of(EngineTimer.BUDGET_RESET, EngineTimer.BUDGET_RECONCILER,
            EngineTimer.QUOTA_RECONCILER, EngineTimer.RETENTION, EngineTimer.WORKER_REGISTRY_SWEEP);

    private TaskTimers() {}

    /** The sweeps the task of {@code commandPartition} runs. */
    static List<EngineTimer> sweepsOf(int commandPartition) {
        if (commandPartition != 0) {
            return PER_TASK;
        }
        List<EngineTimer> all = new java.util.ArrayList<>(PER_TASK);
        all.addAll(GLOBAL);
        return all;
    }

    static boolean isGlobal(EngineTimer sweep) {
        return GLOBAL.contains(sweep);
    }

    /** Whether a sweep item (an execution, or a flow's cancel or edge group) lies on one of {@code owned}. */
    static boolean owns(Object item, Set<Integer> owned) {
        Integer partition = null;
        if (item instanceof ExecutionId id) {
            partition = id.partition();
        } else if (item instanceof io.skein.engine.state.FlowState.OverdueFlow f) {
            partition = f.partition();
        } else if (item instanceof io.skein.engine.state.FlowState.PendingGroup g) {
            partition = g.partition();
        } else if (item instanceof io.skein.core.id.PartitionKey k
                && k.family() == io.skein.core.id.PartitionFamily.FLOW) {
            partition = k.index(); // a whole partition's pass (flow projector, invariant checker)
        }
        return partition != null && owned.contains(partition);
    }

    /** The timer hook {@code armed} fires (spec 02 "Timer hooks"), at the backend clock reading {@code nowMs}. */
    static EngineCommand command(TimerStore.Armed armed, long nowMs) {
        ExecutionId id = armed.executionId();
        Long version = armed.stateVersion();
        return switch (armed.timer().kind()) {
            case LEASE_EXPIRY -> new EngineCommand.MarkLeaseExpiredIfDue(new TimerArgs(id.partitionKey(), id,
                    version, nowMs));
            case RECLAIM -> new EngineCommand.RequeueReclaimable(new TimerArgs(id.partitionKey(), id, version,
                    nowMs));
            case ATTEMPT_TIMEOUT -> new EngineCommand.ExpireExecution(new ExpireExecutionArgs(id.partitionKey(), id,
                    ExpirePhase.ATTEMPT_TIMEOUT, version, nowMs));
            case EXECUTION_DEADLINE -> new EngineCommand.ExpireExecution(new ExpireExecutionArgs(id.partitionKey(),
                    id, ExpirePhase.EXECUTION_DEADLINE, version, nowMs));
            case SUSPENSION_TIMEOUT -> new EngineCommand.ExpireSuspension(new TimerArgs(id.partitionKey(), id,
                    version, nowMs));
            case PENDING_WAITPOINT_EXPIRY -> new EngineCommand.CloseWaitpoint(new CloseWaitpointArgs(
                    id.partitionKey(), id, new WaitpointId(UUID.fromString(armed.timer().detail())), nowMs));
            case DELAYED_PROMOTION -> new EngineCommand.PromoteDelayed(new TimerArgs(id.partitionKey(), id, version,
                    nowMs));
            case CLAIM_GRANT_EXPIRY -> new EngineCommand.ExpireClaimGrant(new ExpireClaimGrantArgs(id.partitionKey(),
                    id, null, nowMs));
        };
    }

    /**
     * The firing's command id (spec 05 §7 "Internal commands"): SHA-256 of the partition, execution, kind, due time,
     * armed version and detail, as a UUID. The same timer firing again (after a crash) is the same command, which
     * the command log answers with its first outcome.
     */
    static UUID commandId(TimerStore.Armed armed) {
        String identity = "timer|" + armed.executionId().partition() + "|" + armed.executionId() + "|"
                + armed.timer().kind().wire() + "|" + armed.timer().dueAtMs() + "|" + armed.stateVersion() + "|"
                + (armed.timer().detail() == null ? "" : armed.timer().detail());
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
        ByteBuffer b = ByteBuffer.wrap(hash);
        long msb = (b.getLong() & ~0xF000L) | 0x8000L; // version 8: custom
        long lsb = (b.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(msb, lsb);
    }
}
