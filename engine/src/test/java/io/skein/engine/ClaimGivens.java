package io.skein.engine;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.api.scheduler.ClaimExecutionResult;
import io.skein.core.api.scheduler.ClaimedExecution;
import io.skein.core.api.scheduler.IssueClaimGrantArgs;
import io.skein.core.api.scheduler.IssueClaimGrantResult;
import io.skein.core.command.EngineCommand;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.Namespace;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.engine.state.memory.InMemoryUnits;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The givens the flow and admission tests share: executions created (with a policy when a test attaches budgets
 * or a quota), claimed by grant as worker {@code w}, and work that is not one command (claim-for-worker, lane
 * grants) run as one unit of its own at the rule's clock.
 */
final class ClaimGivens {

    static final LaneId LANE = LaneId.of("default");
    static final long LEASE_TTL_MS = 30_000;

    private final EngineRule engine;

    ClaimGivens(EngineRule engine) {
        this.engine = engine;
    }

    /** Creates {@code id} waiting in {@link #LANE}, with {@code policyJson} (null: the defaults) frozen on it. */
    ExecutionId created(ExecutionId id, String policyJson) {
        ExecutionPolicy policy = policyJson == null ? null : ExecutionPolicy.parse(policyJson);
        engine.when(new EngineCommand.CreateExecution(new CreateExecutionArgs(id, Namespace.of("default"), LANE,
                "demo", new byte[] {'i', 'n'}, null, 0, "test", null, Map.of(), policy, null, null, id.partition(),
                engine.now)));
        return id;
    }

    /** Issuing worker {@code w} a claim grant for {@code id}. */
    EngineCommand issueGrant(ExecutionId id) {
        return new EngineCommand.IssueClaimGrant(new IssueClaimGrantArgs(id, LANE, WorkerId.of("w"),
                WorkerInstanceId.of("w-1"), id.partitionKey(), null, null, null, CapabilitySet.EMPTY, 5_000,
                engine.now));
    }

    /** A claim grant for {@code id} issued to worker {@code w}; returns its key. */
    String grant(ExecutionId id) {
        return ((IssueClaimGrantResult.Granted) engine.when(issueGrant(id))).grantKey();
    }

    /** The fresh claim of {@code id} that consumes the grant {@code grantKey}. */
    EngineCommand claim(ExecutionId id, String grantKey) {
        return new EngineCommand.ClaimExecution(new ClaimExecutionArgs(id, WorkerId.of("w"),
                WorkerInstanceId.of("w-1"), LANE, LeaseId.random(), LEASE_TTL_MS, AttemptId.random(),
                engine.execution(id).totalAttemptCount, null, null, null, engine.now, grantKey));
    }

    /** Grants and claims {@code id}: it is active under a fresh lease. */
    ClaimedExecution claimed(ExecutionId id) {
        return claimed(id, grant(id));
    }

    /** Claims {@code id} with the grant {@code grantKey}. */
    ClaimedExecution claimed(ExecutionId id, String grantKey) {
        return ((ClaimExecutionResult.Claimed) engine.when(claim(id, grantKey))).claimed();
    }

    /** Runs {@code work} as one unit at the rule's clock (committed when it returns, rolled back when it throws). */
    <T> T inUnit(Function<EngineUnit, T> work) {
        return new InMemoryUnits(engine.state, () -> engine.now, EngineRule.HANDLES).write(work);
    }

    /** The executions of the lane a claim could take now, in claim order. */
    List<ExecutionId> ready() {
        return engine.state.executions().readyCandidates(LANE, engine.now, null, 1_000).stream()
                .map(r -> r.execution().executionId).toList();
    }
}
