package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.Handle;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.execution.CreateExecutionResult;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.time.ManualClock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Base of every conformance class: runs the class once per backend of {@link Backends#all()} with a fresh backend
 * per test, and offers the givens and assertions the checklist items share. Defaults follow the spec 06 harness:
 * namespace and lane {@code default}, keystore kid {@code kid-test} with secret {@code cafebabe × 8} (also the
 * server secret the backends are opened with, which keys their handles), worker lease TTL 30 000 ms.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.skein.conformance.Backends#all")
abstract class Conformance {

    static final String KID = "kid-test";
    static final String SECRET_HEX = "cafebabe".repeat(8);
    /** What every backend under test is opened with: its handles are tagged under a key derived from it. */
    static final io.skein.sql.engine.HmacSeed SEED = new io.skein.sql.engine.HmacSeed(KID, SECRET_HEX);
    /** The handle key of the backends under test, for scenarios that build a handle the engine would accept. */
    static final io.skein.core.handle.HandleKey HANDLE_KEY = io.skein.sql.engine.HmacSeed.handleKeyOf(SEED);
    static final LaneId LANE = LaneId.of("default");
    static final Namespace NAMESPACE = Namespace.of("default");
    static final int LEASE_TTL_MS = 30_000;

    @Parameter
    Backends.Provider provider;

    BackendUnderTest under;
    EngineBackend backend;
    ManualClock clock;
    Fixtures fx;

    @BeforeEach
    void startBackend() {
        under = provider.starter().get();
        backend = under.backend();
        clock = under.clock();
        fx = under.fixtures();
    }

    @AfterEach
    void stopBackend() {
        under.close();
    }

    // ------------------------------------------------------------------------------------------------ givens

    static ExecutionId soloId() {
        return PartitionConfig.DEFAULT.soloExecutionId(LANE, UUID.randomUUID());
    }

    static ExecutionId idOnPartition(int partition) {
        return ExecutionId.of(partition, UUID.randomUUID());
    }

    CreateExecutionArgs createArgs(ExecutionId id) {
        return createArgs(id, 0, null, null);
    }

    CreateExecutionArgs createArgs(ExecutionId id, int priority, ExecutionPolicy policy, String idempotencyKey) {
        return new CreateExecutionArgs(id, NAMESPACE, LANE, "test.kind", "input".getBytes(), "utf8", priority,
                "conformance", idempotencyKey, Map.of(), policy, null, null, id.partition(), clock.millis());
    }

    /** Creates a waiting execution on the default lane and returns its id. */
    ExecutionId created() {
        return created(0, null);
    }

    ExecutionId created(int priority, ExecutionPolicy policy) {
        ExecutionId id = soloId();
        CreateExecutionResult r = backend.createExecution(createArgs(id, priority, policy, null));
        assertTrue(r instanceof CreateExecutionResult.Created, "created: " + r);
        return id;
    }

    static ClaimPolicy workerPolicy(String worker) {
        return new ClaimPolicy(WorkerId.of(worker), WorkerInstanceId.of(worker + "-i1"), LEASE_TTL_MS, null);
    }

    /** Claims the lane's best execution as {@code worker-1}; fails the test when there is none. */
    Handle claimed() {
        return backend.claim(LANE, CapabilitySet.EMPTY, workerPolicy("worker-1"))
                .orElseThrow(() -> new AssertionError("expected an execution to claim"));
    }

    // ------------------------------------------------------------------------------------------------ assertions

    /** Runs {@code call}, expects a typed engine error of {@code type}, and returns it. */
    static <E extends EngineError> E expectError(Class<E> type, Executable call) {
        EngineException ex = assertThrows(EngineException.class, call);
        assertTrue(type.isInstance(ex.error()), "expected " + type.getSimpleName() + " but got " + ex.error());
        return type.cast(ex.error());
    }

    /** Asserts that {@code call} fails with a typed error and that no table row changed (spec 06 harness). */
    <E extends EngineError> E expectRejectedUnchanged(Class<E> type, Executable call) {
        Map<String, List<String>> before = fx.snapshot();
        E error = expectError(type, call);
        assertEquals(before, fx.snapshot(), "a rejected call must change nothing");
        return error;
    }

    long count(String table, ExecutionId id) {
        return fx.queryLong("SELECT COUNT(*) FROM " + table + " WHERE partition_key = ? AND execution_id = ?",
                id.partition(), id.uuid());
    }
}
