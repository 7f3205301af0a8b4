package io.skein.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.CheckAdmissionArgs;
import io.skein.core.api.CheckAdmissionResult;
import io.skein.core.api.ClaimGrant;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.CreateBudgetArgs;
import io.skein.core.api.CreateQuotaPolicyArgs;
import io.skein.core.api.CreateQuotaPolicyResult;
import io.skein.core.api.Handle;
import io.skein.core.api.QuotaPolicyLimits;
import io.skein.core.api.ReleaseAdmissionArgs;
import io.skein.core.api.ReleaseAdmissionResult;
import io.skein.core.api.ReportUsageAdminArgs;
import io.skein.core.api.ResetBudgetArgs;
import io.skein.core.api.scheduler.ClaimForWorkerArgs;
import io.skein.core.api.scheduler.ClaimForWorkerResult;
import io.skein.core.api.scheduler.IssueGrantAndClaimArgs;
import io.skein.core.api.scheduler.UnblockExecutionArgs;
import io.skein.core.command.EngineCommand;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.QuotaPolicyId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.PublicState;
import io.skein.engine.processing.LaneGrant;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.RetentionState.Housekeeping;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Quota admission checks (spec 04 §5.3) and admission at claim time (§5.4, 01 §8 "admission block" and "unblock"),
 * given / when / then against the in-memory state: the rate window and the concurrency cap, releases, and budgets
 * and quotas that park a claim candidate until the unblock timer finds room for it again.
 */
class AdmissionDecisionsTest {

    private static final long WINDOW_SECONDS = 10;

    private final EngineRule engine = new EngineRule();
    private final ClaimGivens given = new ClaimGivens(engine);
    private final QuotaPolicyId quota = new QuotaPolicyId(engine.state.newId());
    private final int quotaPartition = PartitionConfig.DEFAULT.quotaPartition(quota);

    // ------------------------------------------------------------------------------------------ quota policies

    @Test
    void aQuotaPolicyIsCreatedOnceAndNeverOverwritten() {
        Object created = engine.when(createQuota(60, 10, 2));
        Object again = engine.when(createQuota(1, 1, 1));

        assertEquals(new CreateQuotaPolicyResult.Created(), created);
        assertEquals(new CreateQuotaPolicyResult.AlreadySatisfied(), again);
        assertEquals(new QuotaPolicyLimits(10, 60, 2, 0), limits().orElseThrow());
        assertEquals(0, engine.state.quotas().activeConcurrency(quotaPartition, quota));
    }

    @Test
    void aCheckAdmitsAnExecutionOnceThenTheRateWindowRefusesUntilItSlides() {
        engine.when(createQuota(WINDOW_SECONDS, 2, 0));
        ExecutionId e1 = anyId();
        ExecutionId e2 = anyId();
        ExecutionId e3 = anyId();

        assertEquals(new CheckAdmissionResult.Admitted(), check(e1, 2, 0, null));
        engine.advance(1_000);
        assertEquals(new CheckAdmissionResult.AlreadyAdmitted(), check(e1, 2, 0, null), "its guard is live");
        assertEquals(new CheckAdmissionResult.Admitted(), check(e2, 2, 0, null));
        assertEquals(new CheckAdmissionResult.RateExceeded(9_000), check(e3, 2, 0, null),
                "the oldest entry leaves the window in 9 s");

        engine.advance(4_000);
        assertEquals(new CheckAdmissionResult.RateExceeded(5_000), check(e3, 2, 0, null));
        engine.advance(5_000);
        assertEquals(new CheckAdmissionResult.Admitted(), check(e3, 2, 0, null));
        assertEquals(2, engine.state.quotas().windowEntries(quotaPartition, quota, "default", engine.now - 10_000));
    }

    @Test
    void theRetryAfterOfARateRefusalAddsAtMostTheJitter() {
        engine.when(createQuota(WINDOW_SECONDS, 1, 0));
        check(anyId(), 1, 0, null);

        for (int i = 0; i < 20; i++) {
            CheckAdmissionResult.RateExceeded refused = assertInstanceOf(CheckAdmissionResult.RateExceeded.class,
                    check(anyId(), 1, 0, 500L));
            assertTrue(refused.retryAfterMs() >= 10_000 && refused.retryAfterMs() <= 10_500,
                    "retry after " + refused.retryAfterMs());
        }
    }

    @Test
    void theConcurrencyCapRefusesWhileTheSlotIsHeldAndAReleaseFreesItOnce() {
        engine.when(createQuota(WINDOW_SECONDS, 0, 1));
        ExecutionId e1 = anyId();
        ExecutionId e2 = anyId();
        assertEquals(new CheckAdmissionResult.Admitted(), check(e1, 0, 1, null));

        assertEquals(new CheckAdmissionResult.ConcurrencyExceeded(), check(e2, 0, 1, null));
        Object released = engine.when(releaseAdmission(e1));
        Object again = engine.when(releaseAdmission(e1));

        assertEquals(new ReleaseAdmissionResult.Released(), released);
        assertEquals(new ReleaseAdmissionResult.Released(), again);
        assertEquals(0, engine.state.quotas().activeConcurrency(quotaPartition, quota), "never below 0");
        assertEquals(new CheckAdmissionResult.Admitted(), check(e2, 0, 1, null));
        assertEquals(1, engine.state.quotas().activeConcurrency(quotaPartition, quota));
    }

    @Test
    void aWindowOfZeroSecondsKeepsNoHistory() {
        engine.when(createQuota(0, 1, 0));

        assertEquals(new CheckAdmissionResult.Admitted(), check(anyId(), 1, 0, null, 0));
        assertEquals(new CheckAdmissionResult.Admitted(), check(anyId(), 1, 0, null, 0));
    }

    @Test
    void eachDimensionHasAWindowOfItsOwn() {
        engine.when(createQuota(WINDOW_SECONDS, 1, 0));
        ExecutionId id = anyId();

        Object first = engine.when(new EngineCommand.CheckAdmission(quota, "model-a",
                new CheckAdmissionArgs(id, engine.now, WINDOW_SECONDS, 1, 0, null)));
        Object other = engine.when(new EngineCommand.CheckAdmission(quota, "model-b",
                new CheckAdmissionArgs(anyId(), engine.now, WINDOW_SECONDS, 1, 0, null)));
        Object full = engine.when(new EngineCommand.CheckAdmission(quota, "model-a",
                new CheckAdmissionArgs(anyId(), engine.now, WINDOW_SECONDS, 1, 0, null)));

        assertEquals(new CheckAdmissionResult.Admitted(), first);
        assertEquals(new CheckAdmissionResult.Admitted(), other);
        assertInstanceOf(CheckAdmissionResult.RateExceeded.class, full);
    }

    @Test
    void aCheckOfAnUnknownPolicyOrWithNegativeLimitsIsRejectedAndAdmitsNothing() {
        engine.when(createQuota(WINDOW_SECONDS, 1, 0));
        ExecutionId id = anyId();

        EngineError.NotFound missing = engine.rejected(new EngineCommand.CheckAdmission(
                new QuotaPolicyId(engine.state.newId()), null,
                new CheckAdmissionArgs(id, engine.now, WINDOW_SECONDS, 1, 0, null)), EngineError.NotFound.class);
        for (CheckAdmissionArgs bad : List.of(new CheckAdmissionArgs(id, engine.now, -1, 1, 0, null),
                new CheckAdmissionArgs(id, engine.now, WINDOW_SECONDS, -1, 0, null),
                new CheckAdmissionArgs(id, engine.now, WINDOW_SECONDS, 1, -1, null),
                new CheckAdmissionArgs(id, engine.now, WINDOW_SECONDS, 1, 0, -1L))) {
            EngineError.Validation error = engine.rejected(new EngineCommand.CheckAdmission(quota, null, bad),
                    EngineError.Validation.class);
            assertEquals(ValidationKind.INVALID_INPUT, error.kind(), bad.toString());
        }

        assertEquals("quota_policy", missing.entity());
        assertEquals(new CheckAdmissionResult.Admitted(), check(id, 1, 0, null), "nothing was admitted before");
    }

    @Test
    void expiredGuardsGoWithTheHousekeepingSweepAndTheReconcilerRecountsTheSlots() {
        engine.when(createQuota(WINDOW_SECONDS, 0, 2));
        check(anyId(), 0, 2, null);
        check(anyId(), 0, 2, null);
        engine.advance(WINDOW_SECONDS * 1000);

        int swept = given.inUnit(unit -> engine.engine.retention().deleteExpired(unit, Housekeeping.QUOTA_ADMISSIONS));

        assertEquals(2, swept);
        assertEquals(0, engine.state.quotas().admissions(quotaPartition, quota));
        assertEquals(2, engine.state.quotas().activeConcurrency(quotaPartition, quota), "the sweep leaves the count");
        boolean recounted = given.inUnit(unit -> engine.engine.quotas().reconcile(unit, quota));
        boolean again = given.inUnit(unit -> engine.engine.quotas().reconcile(unit, quota));

        assertTrue(recounted);
        assertFalse(again, "nothing left to repair");
        assertEquals(0, engine.state.quotas().activeConcurrency(quotaPartition, quota));
    }

    // ------------------------------------------------------------------------------------------ claim time: budgets

    @Test
    void aBudgetAtItsHardLimitParksTheCandidateUntilItIsReset() {
        BudgetId budget = budgetAt(100, 100);
        ExecutionId id = createdWith("{\"budget_ids\":[\"" + budget + "\"]}");

        assertEquals(new ClaimForWorkerResult.NoWork(), claimForWorker());

        ExecCore parked = engine.execution(id);
        assertEquals(PublicState.RATE_LIMITED, parked.state.publicState());
        assertEquals(EligibilityState.BLOCKED_BY_BUDGET, parked.state.eligibilityState());
        assertEquals(BlockingReason.WAITING_FOR_BUDGET, parked.state.blockingReason());
        assertNotNull(parked.blockingDetail);
        assertTrue(engine.state.grants().any(id).isEmpty());

        engine.when(unblock(id, BlockingReason.WAITING_FOR_BUDGET));
        assertEquals(PublicState.RATE_LIMITED, engine.execution(id).state.publicState(), "still exhausted");

        engine.when(new EngineCommand.ResetBudget(new ResetBudgetArgs(budget, engine.now)));
        engine.when(unblock(id, BlockingReason.WAITING_FOR_BUDGET));

        ExecCore waiting = engine.execution(id);
        assertEquals(PublicState.WAITING, waiting.state.publicState());
        assertEquals(BlockingReason.WAITING_FOR_WORKER, waiting.state.blockingReason());
        assertEquals(id, granted(claimForWorker()));
    }

    @Test
    void aMissingBudgetIsIgnoredAndASoftLimitNeverBlocks() {
        BudgetId soft = new BudgetId(engine.state.newId());
        engine.when(new EngineCommand.CreateBudget(new CreateBudgetArgs(soft, "t", "s", "", "", "", 0,
                List.of("tokens"), List.of(0L), List.of(10L), engine.now)));
        engine.when(new EngineCommand.ReportUsageAdmin(soft, new ReportUsageAdminArgs(List.of("tokens"),
                List.of(50L), null, engine.now)));
        ExecutionId id = createdWith("{\"budget_ids\":[\"" + new BudgetId(engine.state.newId()) + "\",\"" + soft
                + "\"]}");

        assertEquals(id, granted(claimForWorker()));
    }

    @Test
    void anUnblockForAnotherReasonLeavesABudgetBlockInPlace() {
        ExecutionId id = createdWith("{\"budget_ids\":[\"" + budgetAt(10, 10) + "\"]}");
        claimForWorker();
        long version = engine.execution(id).stateVersion;

        engine.when(unblock(id, BlockingReason.WAITING_FOR_QUOTA));

        assertEquals(version, engine.execution(id).stateVersion);
        assertEquals(EligibilityState.BLOCKED_BY_BUDGET, engine.execution(id).state.eligibilityState());
    }

    @Test
    void theSchedulerBypassClaimPassesAdmissionToo() {
        ExecutionId blocked = createdWith("{\"budget_ids\":[\"" + budgetAt(10, 10) + "\"]}");
        engine.advance(1);
        ExecutionId free = createdWith(null);

        Optional<Handle> claimed = given.inUnit(unit -> engine.engine.scheduler().claim(unit, ClaimGivens.LANE,
                CapabilitySet.EMPTY, ClaimPolicy.of(WorkerId.of("w"), WorkerInstanceId.of("w-1"))));

        assertTrue(claimed.isPresent());
        assertEquals(PublicState.ACTIVE, engine.execution(free).state.publicState());
        assertEquals(EligibilityState.BLOCKED_BY_BUDGET, engine.execution(blocked).state.eligibilityState());
    }

    @Test
    void anOperatorGrantAndClaimAndTheClaimOfAnIssuedGrantSkipAdmission() {
        String exhausted = "{\"budget_ids\":[\"" + budgetAt(10, 10) + "\"]}";
        ExecutionId byOperator = createdWith(exhausted);
        ExecutionId byGrant = createdWith(exhausted);

        engine.when(new EngineCommand.IssueGrantAndClaim(new IssueGrantAndClaimArgs(byOperator, ClaimGivens.LANE,
                30_000)));
        given.claimed(byGrant);

        assertEquals(PublicState.ACTIVE, engine.execution(byOperator).state.publicState());
        assertEquals(PublicState.ACTIVE, engine.execution(byGrant).state.publicState());
    }

    // ------------------------------------------------------------------------------------------ claim time: quotas

    @Test
    void aFullRateWindowParksTheSecondCandidateUntilTheWindowSlides() {
        engine.when(createQuota(60, 1, 0));
        ExecutionId first = createdWith(quotaPolicy());
        engine.advance(1);
        ExecutionId second = createdWith(quotaPolicy());

        ClaimGrant grant = grantOf(claimForWorker());
        assertEquals(first, grant.executionId());
        given.claimed(first, grant.grantKey());
        assertEquals(new ClaimForWorkerResult.NoWork(), claimForWorker());

        ExecCore parked = engine.execution(second);
        assertEquals(PublicState.RATE_LIMITED, parked.state.publicState());
        assertEquals(EligibilityState.BLOCKED_BY_QUOTA, parked.state.eligibilityState());
        assertEquals(BlockingReason.WAITING_FOR_QUOTA, parked.state.blockingReason());

        engine.advance(59_999);
        engine.when(unblock(second, BlockingReason.WAITING_FOR_QUOTA));
        assertEquals(PublicState.RATE_LIMITED, engine.execution(second).state.publicState(),
                "the first admission is 1 ms short of leaving the window");

        engine.advance(1);
        engine.when(unblock(second, BlockingReason.WAITING_FOR_QUOTA));
        assertEquals(PublicState.WAITING, engine.execution(second).state.publicState());
        assertEquals(second, granted(claimForWorker()));
    }

    @Test
    void theTerminalTransitionOfAnAdmittedExecutionFreesItsSlotForTheNextCandidate() {
        engine.when(createQuota(60, 0, 1));
        ExecutionId first = createdWith(quotaPolicy());
        engine.advance(1);
        ExecutionId second = createdWith(quotaPolicy());
        ClaimGrant grant = grantOf(claimForWorker());
        assertEquals(first, grant.executionId());
        Handle handle = given.claimed(first, grant.grantKey()).handle();
        assertEquals(new ClaimForWorkerResult.NoWork(), claimForWorker());
        assertEquals(EligibilityState.BLOCKED_BY_QUOTA, engine.execution(second).state.eligibilityState());
        engine.when(unblock(second, BlockingReason.WAITING_FOR_QUOTA));
        assertEquals(PublicState.RATE_LIMITED, engine.execution(second).state.publicState(), "the slot is held");

        engine.when(new EngineCommand.Complete(handle, null));

        assertEquals(0, engine.state.quotas().activeConcurrency(quotaPartition, quota));
        assertFalse(engine.state.quotas().admitted(quotaPartition, quota, first, engine.now), "its guard is gone");
        engine.when(unblock(second, BlockingReason.WAITING_FOR_QUOTA));
        assertEquals(second, granted(claimForWorker()));
        assertEquals(1, engine.state.quotas().activeConcurrency(quotaPartition, quota));
    }

    @Test
    void anUnlimitedQuotaPolicyNeverBlocks() {
        engine.when(createQuota(60, 0, 0));
        createdWith(quotaPolicy());
        engine.advance(1);
        ExecutionId second = createdWith(quotaPolicy());
        granted(claimForWorker());

        assertEquals(second, granted(claimForWorker()));
        assertEquals(0, engine.state.quotas().admissions(quotaPartition, quota), "no check ran");
    }

    // ------------------------------------------------------------------------------------------ Kafka mode lane grants

    @Test
    void laneGrantsSkipACandidateAtItsBudgetLimitAndParkIt() {
        ExecutionId blocked = createdWith("{\"budget_ids\":[\"" + budgetAt(5, 5) + "\"]}");
        engine.advance(1);
        ExecutionId free = createdWith(null);

        List<LaneGrant> grants = given.inUnit(unit -> engine.engine.scheduler().topUpLaneGrants(unit,
                blocked.partition(), ClaimGivens.LANE.value(), 4, 5_000));

        assertEquals(List.of(free), grants.stream().map(LaneGrant::executionId).toList());
        assertEquals(EligibilityState.BLOCKED_BY_BUDGET, engine.execution(blocked).state.eligibilityState());
    }

    @Test
    void aWorkerLackingTheCapabilityIsRefusedBeforeItsGrantReplacesTheLaneGrant() {
        ExecutionId gpu = createdWith("{\"routing_requirements\":{\"required_capabilities\":[\"gpu\"]}}");
        List<LaneGrant> grants = given.inUnit(unit -> engine.engine.scheduler().topUpLaneGrants(unit,
                gpu.partition(), ClaimGivens.LANE.value(), 4, 5_000));
        assertEquals(List.of(gpu), grants.stream().map(LaneGrant::executionId).toList());

        EngineError.Validation refused = engine.rejected(given.issueGrant(gpu), EngineError.Validation.class);

        assertEquals(ValidationKind.CAPABILITY_MISMATCH, refused.kind());
        assertTrue(engine.state.grants().any(gpu).orElseThrow().isLaneGrant(), "the lane grant stays in place");
    }

    @Test
    void aClaimThatUsesALaneGrantIsRefusedByTheQuotaAndTheCandidateStaysParked() {
        engine.when(createQuota(60, 0, 1));
        ExecutionId first = createdWith(quotaPolicy());
        engine.advance(1);
        ExecutionId second = createdWith(quotaPolicy());
        List<LaneGrant> grants = given.inUnit(unit -> engine.engine.scheduler().topUpLaneGrants(unit,
                first.partition(), ClaimGivens.LANE.value(), 4, 5_000));
        assertEquals(List.of(first, second), grants.stream().map(LaneGrant::executionId).toList(),
                "lane grants leave quotas to the claim");

        engine.when(given.claim(first, grants.get(0).grantKey()));
        EngineError.Contention refused = engine.rejected(given.claim(second, grants.get(1).grantKey()),
                EngineError.Contention.class);

        assertEquals(ContentionKind.EXECUTION_NOT_ELIGIBLE, refused.kind());
        assertEquals(PublicState.ACTIVE, engine.execution(first).state.publicState());
        ExecCore parked = engine.execution(second);
        assertEquals(EligibilityState.BLOCKED_BY_QUOTA, parked.state.eligibilityState(), "the refusal kept its block");
        assertEquals(BlockingReason.WAITING_FOR_QUOTA, parked.state.blockingReason());
        assertEquals(1, engine.state.quotas().activeConcurrency(quotaPartition, quota));
    }

    // ------------------------------------------------------------------------------------------ givens

    private EngineCommand createQuota(long windowSeconds, long maxRequests, long maxConcurrent) {
        return new EngineCommand.CreateQuotaPolicy(new CreateQuotaPolicyArgs(quota, windowSeconds, maxRequests,
                maxConcurrent, engine.now));
    }

    private Optional<QuotaPolicyLimits> limits() {
        return engine.state.quotas().limits(quotaPartition, quota);
    }

    private ExecutionId anyId() {
        return ExecutionId.of(0, engine.state.newId());
    }

    private CheckAdmissionResult check(ExecutionId id, long rate, long cap, Long jitterMs) {
        return check(id, rate, cap, jitterMs, WINDOW_SECONDS);
    }

    private CheckAdmissionResult check(ExecutionId id, long rate, long cap, Long jitterMs, long windowSeconds) {
        return (CheckAdmissionResult) engine.when(new EngineCommand.CheckAdmission(quota, null,
                new CheckAdmissionArgs(id, engine.now, windowSeconds, rate, cap, jitterMs)));
    }

    private EngineCommand releaseAdmission(ExecutionId id) {
        return new EngineCommand.ReleaseAdmission(new ReleaseAdmissionArgs(quota, id));
    }

    /** A budget of one {@code tokens} dimension with hard limit {@code hard}, already used {@code used}. */
    private BudgetId budgetAt(long hard, long used) {
        BudgetId budget = new BudgetId(engine.state.newId());
        engine.when(new EngineCommand.CreateBudget(new CreateBudgetArgs(budget, "t", "s", "", "", "", 0,
                List.of("tokens"), List.of(hard), List.of(0L), engine.now)));
        engine.when(new EngineCommand.ReportUsageAdmin(budget, new ReportUsageAdminArgs(List.of("tokens"),
                List.of(used), null, engine.now)));
        return budget;
    }

    private String quotaPolicy() {
        return "{\"quota_policy_id\":\"" + quota + "\"}";
    }

    /** An execution on partition 0 with {@code policyJson} frozen on it. */
    private ExecutionId createdWith(String policyJson) {
        return given.created(ExecutionId.of(0, engine.state.newId()), policyJson);
    }

    /** {@code claimForWorker} (not a command: the scheduler's scan) as one unit. */
    private ClaimForWorkerResult claimForWorker() {
        return given.inUnit(unit -> engine.engine.scheduler().claimForWorker(unit, new ClaimForWorkerArgs(
                ClaimGivens.LANE, WorkerId.of("w"), WorkerInstanceId.of("w-1"), CapabilitySet.EMPTY, 5_000)));
    }

    private static ClaimGrant grantOf(ClaimForWorkerResult result) {
        return assertInstanceOf(ClaimForWorkerResult.Granted.class, result).grant();
    }

    private static ExecutionId granted(ClaimForWorkerResult result) {
        return grantOf(result).executionId();
    }

    private EngineCommand unblock(ExecutionId id, BlockingReason reason) {
        return new EngineCommand.UnblockExecution(new UnblockExecutionArgs(id.partitionKey(), id, reason,
                engine.now));
    }
}
