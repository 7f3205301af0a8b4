package io.skein.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.execution.ReplayExecutionArgs;
import io.skein.core.api.scheduler.ExpirePhase;
import io.skein.core.api.scheduler.ExpireExecutionArgs;
import io.skein.core.api.scheduler.PartitionSweepArgs;
import io.skein.core.api.scheduler.TimerArgs;
import io.skein.core.api.worker.EventCursor;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A backend that overrides nothing compiles, fails loudly with the exact op name, and has safe lifecycle defaults. */
class DefaultOperationsTest {

    /** Overrides nothing: every behaviour below comes from the interface defaults. */
    static final class PartialBackend
            implements ExecutionOperations, WorkerOperations, SchedulerOperations, BackendLifecycle {}

    static final PartialBackend BACKEND = new PartialBackend();
    static final ExecutionId EXEC = ExecutionId.parse("{fp:1}:2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f");
    static final Handle HANDLE = new Handle(BackendTag.POSTGRES, HandleKind.FRESH, new byte[] {1});

    static Stream<Arguments> operations() {
        return Stream.of(
                op("create_execution", b -> b.createExecution(null)),
                op("describe_execution", b -> b.describeExecution(EXEC)),
                op("get_execution_result", b -> b.getExecutionResult(EXEC)),
                op("list_executions", b -> b.listExecutions(EXEC.partitionKey(), null, 10)),
                op("replay_execution", b -> b.replayExecution(new ReplayExecutionArgs(EXEC, 0))),
                op("read_exec_core_fields", b -> b.readExecCoreFields(EXEC.partitionKey(), EXEC, List.of("x"))),
                op("claim", b -> b.claim(LaneId.of("default"), CapabilitySet.EMPTY,
                        ClaimPolicy.of(WorkerId.of("w"), WorkerInstanceId.of("w-1")))),
                op("renew", b -> b.renew(HANDLE)),
                op("wait_children", b -> b.waitChildren(HANDLE)),
                op("claim_from_reclaim", b -> b.claimFromReclaim(null)),
                op("subscribe_completion", b -> b.subscribeCompletion(EventCursor.FROM_NOW, null)),
                op("claim_for_worker", b -> b.claimForWorker(null)),
                op("claim_resumed_execution", b -> b.claimResumedExecution(null)),
                op("block_execution_for_admission", b -> b.blockExecutionForAdmission(null)),
                op("mark_lease_expired_if_due", b -> b.markLeaseExpiredIfDue(
                        new TimerArgs(EXEC.partitionKey(), EXEC, null, 0))),
                op("expire_execution", b -> b.expireExecution(
                        new ExpireExecutionArgs(EXEC.partitionKey(), EXEC, ExpirePhase.ATTEMPT_TIMEOUT, null, 0))),
                op("reconcile_quota_counters", b -> b.reconcileQuotaCounters(
                        new PartitionSweepArgs(EXEC.partitionKey(), 0))),
                op("ping", PartialBackend::ping));
    }

    private static Arguments op(String name, Consumer<PartialBackend> call) {
        return Arguments.of(name, call);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void unimplementedOperationsThrowUnavailableWithTheirSnakeCaseName(String op, Consumer<PartialBackend> call) {
        EngineException e = assertThrows(EngineException.class, () -> call.accept(BACKEND));

        assertEquals(new EngineError.Unavailable(op), e.error());
    }

    @Test
    void lifecycleDefaultsAreSafe() {
        long before = System.currentTimeMillis();

        assertEquals(new PrepareOutcome.NoOp(), BACKEND.prepare());
        BACKEND.shutdownPrepare(Duration.ofSeconds(30));
        assertEquals("unknown", BACKEND.backendLabel());
        assertEquals("unknown", BACKEND.capabilities().identity().family());
        assertEquals(Supports.none(), BACKEND.capabilities().supports());
        assertTrue(BACKEND.serverTimeMs() >= before);
    }

    @Test
    void priorityIsClampedNotRejected() {
        assertEquals(0, Priority.clamp(-5));
        assertEquals(9000, Priority.clamp(12_000));
        assertEquals(42, Priority.clamp(42));
        assertEquals(9000, Priority.clamp(Long.MAX_VALUE));
    }
}
