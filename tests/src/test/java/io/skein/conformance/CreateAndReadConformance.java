package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ExecutionInfo;
import io.skein.core.api.ExecutionSnapshot;
import io.skein.core.api.Handle;
import io.skein.core.api.ListExecutionsPage;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.execution.CreateExecutionResult;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionKey;
import io.skein.core.state.AttemptState;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.LifecyclePhase;
import io.skein.core.state.OwnershipState;
import io.skein.core.state.PublicState;
import io.skein.core.state.TerminalOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Checklist B: create and read. */
class CreateAndReadConformance extends Conformance {

    @Test
    void b1_createMakesTheExecutionClaimableAtOnce() {
        // given / when
        ExecutionId id = soloId();
        CreateExecutionResult r = backend.createExecution(createArgs(id));

        // then
        assertEquals(new CreateExecutionResult.Created(id, PublicState.WAITING), r);
        ExecutionInfo info = backend.readExecutionInfo(id).orElseThrow();
        assertEquals(LifecyclePhase.RUNNABLE, info.stateVector().lifecyclePhase());
        assertEquals(OwnershipState.UNOWNED, info.stateVector().ownershipState());
        assertEquals(EligibilityState.ELIGIBLE_NOW, info.stateVector().eligibilityState());
        assertEquals(BlockingReason.WAITING_FOR_WORKER, info.stateVector().blockingReason());
        assertEquals(TerminalOutcome.NONE, info.stateVector().terminalOutcome());
        assertEquals(AttemptState.PENDING_FIRST_ATTEMPT, info.stateVector().attemptState());
        assertEquals(List.of(LANE), backend.listLanes(null, 10).lanes());
    }

    @Test
    void b2_delayedCreateBecomesClaimableWhenItsTimeComes() {
        ExecutionId id = soloId();
        CreateExecutionArgs a = createArgs(id);
        CreateExecutionArgs delayed = new CreateExecutionArgs(a.executionId(), a.namespace(), a.laneId(),
                a.executionKind(), a.inputPayload(), a.payloadEncoding(), 0, a.creatorIdentity(), null, Map.of(), null,
                clock.millis() + 5_000, null, a.partitionId(), clock.millis());

        assertEquals(new CreateExecutionResult.Created(id, PublicState.DELAYED), backend.createExecution(delayed));
        assertTrue(backend.claim(LANE, CapabilitySet.EMPTY, workerPolicy("w")).isEmpty());

        clock.advance(5_000);
        under.runDue();

        assertEquals(Optional.of(PublicState.WAITING), backend.readExecutionState(id));
        assertTrue(backend.claim(LANE, CapabilitySet.EMPTY, workerPolicy("w")).isPresent());
    }

    @Test
    void b3_idempotencyKeyAndRepeatedIdAnswerDuplicate() {
        ExecutionId first = soloId();
        ExecutionId second = soloId();
        assertInstanceOf(CreateExecutionResult.Created.class,
                backend.createExecution(createArgs(first, 0, null, "order-17")));

        // same namespace + key → the original id, one row
        assertEquals(new CreateExecutionResult.Duplicate(first),
                backend.createExecution(createArgs(second, 0, null, "order-17")));
        assertTrue(backend.readExecutionState(second).isEmpty());

        // same key in another namespace → created
        CreateExecutionArgs a = createArgs(second, 0, null, "order-17");
        CreateExecutionArgs otherNs = new CreateExecutionArgs(second, Namespace.of("tenant-b"), a.laneId(),
                a.executionKind(), a.inputPayload(), a.payloadEncoding(), 0, a.creatorIdentity(), "order-17",
                Map.of(), null, null, null, a.partitionId(), a.now());
        assertInstanceOf(CreateExecutionResult.Created.class, backend.createExecution(otherNs));

        // the same execution id twice → Duplicate
        assertEquals(new CreateExecutionResult.Duplicate(first), backend.createExecution(createArgs(first)));

        // after the 24 h window the key is free again
        clock.advance(86_400_000L + 1);
        ExecutionId third = soloId();
        assertInstanceOf(CreateExecutionResult.Created.class,
                backend.createExecution(createArgs(third, 0, null, "order-17")));
    }

    @Test
    void b4_priorityIsClampedNotRejected() {
        ExecutionId low = created(-5, null);
        ExecutionId high = created(10_000, null);
        assertEquals(0, backend.readExecutionInfo(low).orElseThrow().priority());
        assertEquals(9_000, backend.readExecutionInfo(high).orElseThrow().priority());
    }

    @Test
    void b5_invalidPoliciesAreTypedErrorsAndValidPoliciesAreStored() {
        assertEquals(ValidationKind.INVALID_POLICY_JSON, expectError(EngineError.Validation.class,
                () -> ExecutionPolicy.parse("{not json")).kind());
        assertEquals(ValidationKind.INVALID_POLICY_JSON, expectError(EngineError.Validation.class,
                () -> ExecutionPolicy.parse("{\"routing_requirements\": 7}")).kind());
        assertEquals(ValidationKind.INVALID_CAPABILITIES, expectError(EngineError.Validation.class,
                () -> ExecutionPolicy.parse("{\"routing_requirements\":{\"required_capabilities\":[\"a,b\"]}}")).kind());
        assertEquals(ValidationKind.INVALID_POLICY_JSON, expectError(EngineError.Validation.class,
                () -> ExecutionPolicy.parse("{\"budget_ids\":[\"not-a-uuid\"]}")).kind());

        ExecutionPolicy valid = ExecutionPolicy.parse("{\"routing_requirements\":{\"required_capabilities\":[\"gpu\"]},"
                + "\"budget_ids\":[\"6f1c1f2e-8a1b-4c39-9b0e-2d5f7e6a1b2c\"],"
                + "\"quota_policy_id\":\"0e9b6d4e-3c2a-4f1b-8e7d-6c5b4a392817\"}");
        ExecutionId id = created(0, valid);
        assertEquals("[\"gpu\"]", fx.queryString("SELECT required_capabilities FROM ff_exec_core WHERE "
                + "partition_key = ? AND execution_id = ?", id.partition(), id.uuid()));
        assertEquals("[\"6f1c1f2e-8a1b-4c39-9b0e-2d5f7e6a1b2c\"]", fx.queryString("SELECT budget_ids FROM "
                + "ff_exec_core WHERE partition_key = ? AND execution_id = ?", id.partition(), id.uuid()));
        assertEquals("0e9b6d4e-3c2a-4f1b-8e7d-6c5b4a392817", fx.queryString("SELECT quota_policy_id FROM "
                + "ff_exec_core WHERE partition_key = ? AND execution_id = ?", id.partition(), id.uuid()));
    }

    @Test
    void b5_badCreateInputChangesNothing() {
        ExecutionId id = soloId();
        CreateExecutionArgs a = createArgs(id);
        CreateExecutionArgs oversize = new CreateExecutionArgs(id, a.namespace(), a.laneId(), a.executionKind(),
                new byte[512 * 1024 + 1], null, 0, a.creatorIdentity(), null, Map.of(), null, null, null,
                a.partitionId(), a.now());
        assertEquals(ValidationKind.PAYLOAD_TOO_LARGE, expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.createExecution(oversize)).kind());

        CreateExecutionArgs mismatch = new CreateExecutionArgs(id, a.namespace(), a.laneId(), a.executionKind(),
                a.inputPayload(), null, 0, a.creatorIdentity(), null, Map.of(), null, null, null,
                (id.partition() + 1) % 256, a.now());
        assertTrue(expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.createExecution(mismatch)).detail().startsWith("partition_mismatch"));

        CreateExecutionArgs badTag = new CreateExecutionArgs(id, a.namespace(), a.laneId(), a.executionKind(),
                a.inputPayload(), null, 0, a.creatorIdentity(), null, Map.of("Owner", "x"), null, null, null,
                a.partitionId(), a.now());
        expectRejectedUnchanged(EngineError.Validation.class, () -> backend.createExecution(badTag));
        assertTrue(backend.readExecutionState(id).isEmpty());
    }

    @Test
    void b6_readsOfAMissingExecutionAreEmpty() {
        ExecutionId missing = soloId();
        assertTrue(backend.readExecutionState(missing).isEmpty());
        assertTrue(backend.readExecutionInfo(missing).isEmpty());
        assertTrue(backend.getExecutionResult(missing).isEmpty());
        assertTrue(backend.describeExecution(missing).isEmpty());
        assertEquals("execution", expectError(EngineError.NotFound.class,
                () -> backend.readExecutionContext(missing)).entity());
    }

    @Test
    void b7_resultIsPresentOnlyAfterASuccessfulCompletion() {
        ExecutionId id = created();
        assertTrue(backend.getExecutionResult(id).isEmpty());
        Handle h = claimed();
        backend.complete(h, "done".getBytes());
        assertArrayEquals("done".getBytes(), backend.getExecutionResult(id).orElseThrow());

        ExecutionId failed = created();
        Handle f = claimed();
        backend.fail(f, io.skein.core.api.FailureReason.of("boom"), io.skein.core.api.FailureClass.PERMANENT);
        assertTrue(backend.getExecutionResult(failed).isEmpty());
    }

    @Test
    void b9_legacyLiteralsReadAsTheirModernFormAndUnknownOnesAreCorruption() {
        ExecutionId id = idOnPartition(0);
        fx.exec("INSERT INTO ff_exec_core (partition_key, execution_id, lane_id, lifecycle_phase, ownership_state, "
                + "eligibility_state, public_state, attempt_state, created_at_ms) VALUES (0, ?, 'default', 'cancelled', "
                + "'released', 'cancelled', 'running', 'initial', ?)", id.uuid(), clock.millis());
        ExecutionInfo info = backend.readExecutionInfo(id).orElseThrow();
        assertEquals(LifecyclePhase.TERMINAL, info.stateVector().lifecyclePhase());
        assertEquals(TerminalOutcome.CANCELLED, info.stateVector().terminalOutcome());
        assertEquals(PublicState.CANCELLED, info.publicState());
        assertEquals(AttemptState.PENDING_FIRST_ATTEMPT, info.stateVector().attemptState());

        ExecutionId bad = idOnPartition(0);
        fx.exec("INSERT INTO ff_exec_core (partition_key, execution_id, lane_id, lifecycle_phase, ownership_state, "
                + "eligibility_state, public_state, attempt_state, created_at_ms) VALUES (0, ?, 'default', 'exploded', "
                + "'unowned', 'eligible_now', 'waiting', 'pending_first_attempt', ?)", bad.uuid(), clock.millis());
        assertEquals(ValidationKind.CORRUPTION, expectError(EngineError.Validation.class,
                () -> backend.readExecutionInfo(bad)).kind());
    }

    @Test
    void b11_listingPagesInUuidOrderWithAnExclusiveCursor() {
        List<ExecutionId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ExecutionId id = idOnPartition(7);
            backend.createExecution(createArgs(id));
            ids.add(id);
        }
        ids.sort((x, y) -> x.uuid().toString().compareTo(y.uuid().toString()));
        PartitionKey p7 = PartitionKey.flow(7);

        ListExecutionsPage p1 = backend.listExecutions(p7, null, 2);
        assertEquals(ids.subList(0, 2), p1.executions());
        assertEquals(ids.get(1), p1.nextCursor());
        ListExecutionsPage p2 = backend.listExecutions(p7, p1.nextCursor(), 2);
        assertEquals(ids.subList(2, 4), p2.executions());
        ListExecutionsPage p3 = backend.listExecutions(p7, p2.nextCursor(), 2);
        assertEquals(ids.subList(4, 5), p3.executions());
        assertNull(p3.nextCursor());
        assertTrue(backend.listExecutions(p7, null, 0).executions().isEmpty());
    }

    @Test
    void b13_startedAtIsSetOnceByTheFirstClaim() {
        ExecutionId id = created(0, ExecutionPolicy.parse("{\"retry_policy\":{\"max_retries\":2,"
                + "\"backoff\":{\"type\":\"fixed\",\"delay_ms\":0}}}"));
        Handle h = claimed();
        ExecutionInfo first = backend.readExecutionInfo(id).orElseThrow();
        assertEquals(PublicState.ACTIVE, first.publicState());
        assertNotNull(first.startedAt());
        clock.advance(1_000);
        backend.fail(h, io.skein.core.api.FailureReason.of("flaky"), io.skein.core.api.FailureClass.TRANSIENT);
        claimed();
        assertEquals(first.startedAt(), backend.readExecutionInfo(id).orElseThrow().startedAt());
    }

    @Test
    void b14_snapshotShowsTheLeaseOnlyWhileLeasedAndTheProgress() {
        ExecutionId id = created();
        assertNull(backend.describeExecution(id).orElseThrow().currentLease());
        Handle h = claimed();
        backend.progress(h, 40, "halfway");
        ExecutionSnapshot s = backend.describeExecution(id).orElseThrow();
        assertNotNull(s.currentLease());
        assertEquals(1, s.currentLease().leaseEpoch());
        assertEquals(40, s.progressPct());
        assertEquals("halfway", s.progressMessage());
        backend.complete(h, null);
        assertNull(backend.describeExecution(id).orElseThrow().currentLease());
    }

    @Test
    void b15_contextAndAttemptCounters() {
        ExecutionId id = created(0, ExecutionPolicy.parse("{\"retry_policy\":{\"max_retries\":2,"
                + "\"backoff\":{\"type\":\"fixed\",\"delay_ms\":0}}}"));
        assertArrayEquals("input".getBytes(), backend.readExecutionContext(id).inputPayload());
        assertEquals("test.kind", backend.readExecutionContext(id).executionKind());
        assertEquals(0, backend.readCurrentAttemptIndex(id));
        assertEquals(0, backend.readTotalAttemptCount(id));
        Handle h = claimed();
        assertEquals(0, backend.readCurrentAttemptIndex(id));
        assertEquals(1, backend.readTotalAttemptCount(id));
        backend.fail(h, io.skein.core.api.FailureReason.of("again"), io.skein.core.api.FailureClass.TRANSIENT);
        claimed();
        assertEquals(1, backend.readCurrentAttemptIndex(id));
        assertEquals(2, backend.readTotalAttemptCount(id));
        assertFalse(backend.readExecutionContext(id).tags().containsKey("x"));
    }
}
