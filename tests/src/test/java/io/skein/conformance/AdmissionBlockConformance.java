package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.api.scheduler.BlockExecutionForAdmissionArgs;
import io.skein.core.api.scheduler.BlockExecutionForAdmissionResult;
import io.skein.core.api.scheduler.BlockRouteArgs;
import io.skein.core.api.scheduler.BlockRouteResult;
import io.skein.core.api.scheduler.UnblockExecutionArgs;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.PublicState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Admission blocks and the unblock hook (spec 01 §8 "admission block" / "unblock", 02 §8–§9; checklist C19–C22
 * and L1 timer 8 exercise them through the scheduler; here the operations are driven directly).
 */
class AdmissionBlockConformance extends OperatorGivens {

    BlockExecutionForAdmissionArgs block(ExecutionId id, BlockingReason reason) {
        return new BlockExecutionForAdmissionArgs(id, LANE, id.partitionKey(), reason, "held by test", clock.millis());
    }

    UnblockExecutionArgs unblock(ExecutionId id, BlockingReason expected) {
        return new UnblockExecutionArgs(id.partitionKey(), id, expected, clock.millis());
    }

    @Test
    void c19_eachAdmissionReasonParksTheExecutionWithItsEligibilityAndPublicState() {
        Map<BlockingReason, EligibilityState> eligibility = Map.of(
                BlockingReason.WAITING_FOR_BUDGET, EligibilityState.BLOCKED_BY_BUDGET,
                BlockingReason.WAITING_FOR_QUOTA, EligibilityState.BLOCKED_BY_QUOTA,
                BlockingReason.WAITING_FOR_CAPABLE_WORKER, EligibilityState.BLOCKED_BY_ROUTE,
                BlockingReason.PAUSED_BY_OPERATOR, EligibilityState.BLOCKED_BY_OPERATOR,
                BlockingReason.PAUSED_BY_POLICY, EligibilityState.BLOCKED_BY_LANE_STATE);
        Map<BlockingReason, PublicState> publicState = Map.of(
                BlockingReason.WAITING_FOR_BUDGET, PublicState.RATE_LIMITED,
                BlockingReason.WAITING_FOR_QUOTA, PublicState.RATE_LIMITED,
                BlockingReason.WAITING_FOR_CAPABLE_WORKER, PublicState.WAITING,
                BlockingReason.PAUSED_BY_OPERATOR, PublicState.WAITING,
                BlockingReason.PAUSED_BY_POLICY, PublicState.WAITING);

        for (BlockingReason reason : eligibility.keySet()) {
            ExecutionId id = created();

            assertEquals(new BlockExecutionForAdmissionResult.Blocked(id, reason),
                    backend.blockExecutionForAdmission(block(id, reason)));

            assertEquals(eligibility.get(reason), info(id).stateVector().eligibilityState(), reason.wire());
            assertEquals(reason, info(id).stateVector().blockingReason());
            assertEquals(publicState.get(reason), publicState(id), reason.wire());
            assertEquals("held by test", info(id).blockingDetail());
            // a blocked execution is not claimable
            assertTrue(backend.claim(LANE, CapabilitySet.EMPTY, workerPolicy("w")).isEmpty());

            // the unblock hook with the matching reason makes it waiting and claimable again
            backend.unblockExecution(unblock(id, reason));
            assertEquals(PublicState.WAITING, publicState(id));
            assertEquals(EligibilityState.ELIGIBLE_NOW, info(id).stateVector().eligibilityState());
            assertEquals(id, fields(backend.claim(LANE, CapabilitySet.EMPTY, workerPolicy("w")).orElseThrow())
                    .executionId());
        }
    }

    @Test
    void c19_blockingAnExecutionThatIsNotWaitingIsRejectedAndChangesNothing() {
        // given a completed, a leased and a delayed execution
        ExecutionId done = created(9, null);
        backend.complete(claimed(), null);
        ExecutionId leased = created(8, null);
        claimed();
        ExecutionId delayed = created();
        backend.delay(claimed(), clock.millis() + 60_000);

        // when / then
        EngineError.Contention notActive = expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.blockExecutionForAdmission(block(done, BlockingReason.WAITING_FOR_BUDGET)));
        assertEquals(ContentionKind.EXECUTION_NOT_ACTIVE, notActive.kind());
        for (ExecutionId id : List.of(leased, delayed)) {
            assertEquals(ContentionKind.EXECUTION_NOT_ELIGIBLE, expectRejectedUnchanged(EngineError.Contention.class,
                    () -> backend.blockExecutionForAdmission(block(id, BlockingReason.WAITING_FOR_QUOTA))).kind());
        }
    }

    @Test
    void c19_aNonAdmissionReasonIsInvalidBlockingReason() {
        ExecutionId id = created();

        assertEquals(ValidationKind.INVALID_BLOCKING_REASON, expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.blockExecutionForAdmission(block(id, BlockingReason.WAITING_FOR_SIGNAL))).kind());
    }

    @Test
    void c22_blockRouteParksWaitingForACapableWorker() {
        ExecutionId id = created();

        assertEquals(new BlockRouteResult.Blocked(id), backend.blockRoute(new BlockRouteArgs(id, LANE,
                id.partitionKey(), "no_capable_worker", "needs gpu", clock.millis())));

        assertEquals(EligibilityState.BLOCKED_BY_ROUTE, info(id).stateVector().eligibilityState());
        assertEquals(BlockingReason.WAITING_FOR_CAPABLE_WORKER, info(id).stateVector().blockingReason());
        assertEquals(PublicState.WAITING, publicState(id));
        assertEquals("needs gpu", info(id).blockingDetail());
    }

    @Test
    void c22_aRouteBlockLiftsOnlyOnceALiveWorkerCoversTheRequirement() {
        // given an execution needing gpu, route-blocked while only a cpu worker is registered
        ExecutionId id = created(0, ExecutionPolicy.parse("{\"routing_requirements\":{\"required_capabilities\":"
                + "[\"gpu\"]}}"));
        registerWorker("cpu-1", "cpu");
        backend.blockRoute(new BlockRouteArgs(id, LANE, id.partitionKey(), "", "", clock.millis()));

        // when the unblock hook runs, then the block holds
        Map<String, List<String>> before = snapshot();
        backend.unblockExecution(unblock(id, BlockingReason.WAITING_FOR_CAPABLE_WORKER));
        assertEquals(before, snapshot());

        // when a gpu worker registers, then the hook lifts it
        registerWorker("gpu-1", "cpu,gpu");
        backend.unblockExecution(unblock(id, BlockingReason.WAITING_FOR_CAPABLE_WORKER));
        assertEquals(EligibilityState.ELIGIBLE_NOW, info(id).stateVector().eligibilityState());
        assertEquals(BlockingReason.WAITING_FOR_WORKER, info(id).stateVector().blockingReason());
    }

    @Test
    void l1_unblockIsANoOpUnlessTheExpectedReasonStillHolds() {
        // given an operator-paused execution
        ExecutionId id = created();
        backend.blockExecutionForAdmission(block(id, BlockingReason.PAUSED_BY_OPERATOR));
        Map<String, List<String>> before = snapshot();

        // when the hook expects another reason, then nothing changes
        backend.unblockExecution(unblock(id, BlockingReason.WAITING_FOR_BUDGET));
        backend.unblockExecution(unblock(id, BlockingReason.WAITING_FOR_CAPABLE_WORKER));
        assertEquals(before, snapshot());

        // and an execution that is no longer blocked is left alone
        backend.unblockExecution(unblock(id, BlockingReason.PAUSED_BY_OPERATOR));
        Map<String, List<String>> waiting = snapshot();
        backend.unblockExecution(unblock(id, BlockingReason.PAUSED_BY_OPERATOR));
        assertEquals(waiting, snapshot());
    }

    @Test
    void l1_aFlowCancelHoldIsNeverLiftedByUnblock() {
        // given (fixture) a member held by a flow cancel
        ExecutionId id = created();
        fx.exec("UPDATE ff_exec_core SET eligibility_state = 'blocked_by_operator', "
                + "blocking_reason = 'paused_by_flow_cancel' WHERE partition_key = ? AND execution_id = ?",
                id.partition(), id.uuid());
        Map<String, List<String>> before = snapshot();

        // when / then
        backend.unblockExecution(unblock(id, BlockingReason.PAUSED_BY_FLOW_CANCEL));
        backend.unblockExecution(unblock(id, BlockingReason.PAUSED_BY_OPERATOR));
        assertEquals(before, snapshot());
    }

    @Test
    void l1_unblockOfACancelledExecutionDoesNothing() {
        ExecutionId id = created();
        backend.blockExecutionForAdmission(block(id, BlockingReason.WAITING_FOR_QUOTA));
        backend.cancelExecution(new CancelExecutionArgs(id, "gone", null, null, null, null, clock.millis()));
        Map<String, List<String>> before = snapshot();

        backend.unblockExecution(unblock(id, BlockingReason.WAITING_FOR_QUOTA));

        assertEquals(before, snapshot());
        assertEquals(PublicState.CANCELLED, publicState(id));
    }

    private void registerWorker(String instance, String capabilitiesCsv) {
        fx.exec("INSERT INTO ff_worker_registry (namespace, worker_instance_id, worker_id, lanes, capabilities_csv, "
                        + "last_heartbeat_ms, liveness_ttl_ms, registered_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                NAMESPACE.value(), instance, instance, "[\"" + LANE.value() + "\"]", capabilitiesCsv, clock.millis(), 60_000L,
                clock.millis());
    }
}
