package io.skein.core.api;

import static io.skein.core.api.ApiAssertions.assertInvalidInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.id.SuspensionId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import io.skein.core.state.BlockingReason;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResumeConditionTest {

    private static final WaitpointKey A = WaitpointKey.of("a");
    private static final WaitpointKey B = WaitpointKey.of("b");

    private static ResumeCondition single(WaitpointKey key, String name) {
        return new ResumeCondition.Single(key, new SignalMatcher.ByName(name));
    }

    private static ResumeCondition allOf(ResumeCondition... members) {
        return new ResumeCondition.AllOf(Arrays.asList(members));
    }

    @Test
    void wellFormedConditionsPassUpToFourLevels() {
        single(A, "approved").validateStructure();
        new ResumeCondition.OperatorOnly().validateStructure();
        new ResumeCondition.Count(2, CountKind.DISTINCT_WAITPOINTS, null, List.of(A, B)).validateStructure();
        allOf(allOf(allOf(single(A, "x")))).validateStructure();
    }

    @Test
    void nestingBeyondFourLevelsIsRejected() {
        assertInvalidInput("condition_depth_exceeded",
                () -> allOf(allOf(allOf(allOf(single(A, "x"))))).validateStructure());
    }

    @Test
    void anAllOfWithoutMembersIsRejectedAtAnyLevel() {
        assertInvalidInput("allof_empty_members", () -> allOf().validateStructure());
        assertInvalidInput("allof_empty_members", () -> allOf(single(A, "x"), allOf()).validateStructure());
    }

    @Test
    void countRulesNameTheirViolation() {
        assertInvalidInput("count_n_zero",
                () -> new ResumeCondition.Count(0, CountKind.DISTINCT_SIGNALS, null, List.of(A)).validateStructure());
        assertInvalidInput("count_waitpoints_empty",
                () -> new ResumeCondition.Count(1, CountKind.DISTINCT_SIGNALS, null, List.of()).validateStructure());
        assertInvalidInput("count_exceeds_waitpoint_set",
                () -> new ResumeCondition.Count(3, CountKind.DISTINCT_WAITPOINTS, null, List.of(A, B))
                        .validateStructure());
        // Only distinct_waitpoints is bounded by the waitpoint set: many signals may arrive on one waitpoint.
        new ResumeCondition.Count(3, CountKind.DISTINCT_SIGNALS, null, List.of(A, B)).validateStructure();
    }

    @Test
    void aByNameMatcherNeedsAName() {
        assertInvalidInput("matcher_name_empty", () -> single(A, "").validateStructure());
        assertInvalidInput("matcher_name_empty",
                () -> new ResumeCondition.Count(1, CountKind.DISTINCT_SIGNALS, new SignalMatcher.ByName(null),
                        List.of(A)).validateStructure());
    }

    @Test
    void referencedKeysAreListedOnceInFirstReferenceOrder() {
        ResumeCondition condition = allOf(single(B, "x"),
                new ResumeCondition.Count(1, CountKind.DISTINCT_SOURCES, null, List.of(A, B)), single(A, "y"));

        assertEquals(List.of(B, A), condition.referencedWaitpointKeys());
        assertEquals(List.of(), new ResumeCondition.TimeoutOnly().referencedWaitpointKeys());
    }

    @Test
    void requiredSignalNamesFollowTheListingRules() {
        ResumeCondition condition = allOf(single(A, "approved"), single(A, "rejected"),
                new ResumeCondition.Count(1, CountKind.DISTINCT_SIGNALS, new SignalMatcher.Wildcard(), List.of(B)));

        assertEquals(List.of("approved", "rejected"), condition.requiredSignalNames(A));
        assertEquals(List.of(), condition.requiredSignalNames(B));
        assertEquals(List.of(), condition.requiredSignalNames(WaitpointKey.of("unreferenced")));
        assertEquals(List.of("__operator_only__"), new ResumeCondition.OperatorOnly().requiredSignalNames(A));
        assertEquals(List.of("__timeout_only__"), new ResumeCondition.TimeoutOnly().requiredSignalNames(A));
    }

    @Test
    void matchersAcceptByExactNameOrEverything() {
        assertTrue(new SignalMatcher.ByName("go").matches("go"));
        assertEquals(false, new SignalMatcher.ByName("go").matches("Go"));
        assertTrue(new SignalMatcher.Wildcard().matches("anything"));
    }

    @Test
    void reasonCodesMapToTheBlockingReasonsOfTheTransitionTable() {
        assertEquals(BlockingReason.WAITING_FOR_SIGNAL, SuspensionReasonCode.WAITING_FOR_SIGNAL.blockingReason());
        assertEquals(BlockingReason.WAITING_FOR_APPROVAL, SuspensionReasonCode.WAITING_FOR_APPROVAL.blockingReason());
        assertEquals(BlockingReason.WAITING_FOR_CALLBACK, SuspensionReasonCode.WAITING_FOR_CALLBACK.blockingReason());
        assertEquals(BlockingReason.WAITING_FOR_TOOL_RESULT,
                SuspensionReasonCode.WAITING_FOR_TOOL_RESULT.blockingReason());
        assertEquals(BlockingReason.PAUSED_BY_OPERATOR,
                SuspensionReasonCode.WAITING_FOR_OPERATOR_REVIEW.blockingReason());
        assertEquals(BlockingReason.PAUSED_BY_OPERATOR, SuspensionReasonCode.MANUAL_PAUSE.blockingReason());
        assertEquals(BlockingReason.PAUSED_BY_POLICY, SuspensionReasonCode.PAUSED_BY_POLICY.blockingReason());
        assertEquals(BlockingReason.WAITING_FOR_BUDGET, SuspensionReasonCode.PAUSED_BY_BUDGET.blockingReason());
        assertEquals(BlockingReason.WAITING_FOR_SIGNAL, SuspensionReasonCode.STEP_BOUNDARY.blockingReason());
        assertEquals(BlockingReason.WAITING_FOR_SIGNAL, SuspensionReasonCode.blockingReasonOf("something_new"));
        assertEquals(BlockingReason.PAUSED_BY_OPERATOR, SuspensionReasonCode.blockingReasonOf("manual_pause"));
    }

    @Test
    void timeoutBehaviorAcceptsTheAutoResumeAlias() {
        assertEquals(TimeoutBehavior.AUTO_RESUME_WITH_TIMEOUT_SIGNAL, TimeoutBehavior.parse("auto_resume"));
        assertEquals(TimeoutBehavior.ESCALATE, TimeoutBehavior.parse("escalate"));
        assertInvalidInput("timeout_behavior: unknown value", () -> TimeoutBehavior.parse("retry"));
    }

    // ------------------------------------------------------------------------------------------------
    // SuspendArgs.validate (spec 04 §2.3)

    private static final long NOW = 1_000_000_000L;

    private static SuspendArgs args(List<WaitpointBinding> bindings, ResumeCondition condition, Long timeoutAt) {
        return new SuspendArgs(SuspensionId.random(), bindings, condition, null, null, null, timeoutAt, null, null,
                NOW, null);
    }

    private static Optional<WaitpointKey> noPending(WaitpointId id) {
        return Optional.empty();
    }

    @Test
    void suspendArgsDefaultTheirOptionalFields() {
        SuspendArgs a = args(List.of(new WaitpointBinding.Fresh(WaitpointId.random(), A)), single(A, "x"), null);

        assertEquals(ResumePolicy.defaults(), a.resumePolicy());
        assertEquals(SuspensionReasonCode.WAITING_FOR_SIGNAL, a.reasonCode());
        assertEquals(SuspensionRequester.WORKER, a.requestedBy());
        assertEquals(TimeoutBehavior.FAIL, a.timeoutBehavior());
        assertTrue(a.resumePolicy().consumeMatchedSignals());
        assertTrue(a.resumePolicy().closeWaitpointOnResume());
        assertEquals(false, a.resumePolicy().retainSignalBufferUntilClosed());
    }

    @Test
    void aValidSuspendPasses() {
        WaitpointId primary = WaitpointId.random();
        args(List.of(new WaitpointBinding.Fresh(primary, A), new WaitpointBinding.Fresh(WaitpointId.random(), B)),
                allOf(single(A, "x"), single(B, "y")), NOW + 60_000).validate(NOW, ResumeConditionTest::noPending);
    }

    @Test
    void suspendBindingRulesAreCheckedBeforeAnyWrite() {
        WaitpointId p = WaitpointId.random();
        WaitpointId q = WaitpointId.random();
        assertInvalidInput("waitpoints_empty",
                () -> args(List.of(), single(A, "x"), null).validate(NOW, ResumeConditionTest::noPending));
        assertInvalidInput("waitpoint_key_mismatch",
                () -> args(List.of(new WaitpointBinding.Fresh(p, B)), single(A, "x"), null)
                        .validate(NOW, ResumeConditionTest::noPending));
        assertInvalidInput("additional_waitpoint_binding_must_be_fresh",
                () -> args(List.of(new WaitpointBinding.Fresh(p, A), new WaitpointBinding.UsePending(q)),
                        single(A, "x"), null).validate(NOW, ResumeConditionTest::noPending));
        assertInvalidInput("additional_waitpoint_binding_empty_key",
                () -> args(List.of(new WaitpointBinding.Fresh(p, A), new WaitpointBinding.Fresh(q, null)),
                        single(A, "x"), null).validate(NOW, ResumeConditionTest::noPending));
        assertInvalidInput("duplicate_waitpoint_binding",
                () -> args(List.of(new WaitpointBinding.Fresh(p, A), new WaitpointBinding.Fresh(p, B)),
                        single(A, "x"), null).validate(NOW, ResumeConditionTest::noPending));
        assertInvalidInput("duplicate_waitpoint_binding",
                () -> args(List.of(new WaitpointBinding.Fresh(p, A), new WaitpointBinding.Fresh(q, A)),
                        single(A, "x"), null).validate(NOW, ResumeConditionTest::noPending));
        assertInvalidInput("referenced_waitpoint_key_missing_binding: b",
                () -> args(List.of(new WaitpointBinding.Fresh(p, A)), allOf(single(A, "x"), single(B, "y")), null)
                        .validate(NOW, ResumeConditionTest::noPending));
    }

    @Test
    void aPendingBindingIsMatchedByItsStoredKey() {
        WaitpointId pending = WaitpointId.random();
        SuspendArgs a = args(List.of(new WaitpointBinding.UsePending(pending)), single(A, "x"), null);

        a.validate(NOW, id -> id.equals(pending) ? Optional.of(A) : Optional.empty());
        assertInvalidInput("referenced_waitpoint_key_missing_binding: a",
                () -> a.validate(NOW, id -> Optional.of(B)));
        // Unknown pending waitpoint: left to the pending-waitpoint checks (Contention(WaitpointNotFound)).
        a.validate(NOW, ResumeConditionTest::noPending);
    }

    @Test
    void unreferencedBindingsAreAllowed() {
        args(List.of(new WaitpointBinding.Fresh(WaitpointId.random(), A),
                new WaitpointBinding.Fresh(WaitpointId.random(), B)), single(A, "x"), null)
                .validate(NOW, ResumeConditionTest::noPending);
    }

    @Test
    void timeoutRulesAndStructureAreChecked() {
        List<WaitpointBinding> one = List.of(new WaitpointBinding.Fresh(WaitpointId.random(), A));
        assertInvalidInput("timeout_only_without_deadline",
                () -> args(one, new ResumeCondition.TimeoutOnly(), null).validate(NOW, ResumeConditionTest::noPending));
        args(one, new ResumeCondition.TimeoutOnly(), NOW - 600_000).validate(NOW, ResumeConditionTest::noPending);
        assertInvalidInput("timeout_at_in_past",
                () -> args(one, single(A, "x"), NOW - 600_001).validate(NOW, ResumeConditionTest::noPending));
        assertInvalidInput("matcher_name_empty",
                () -> args(one, single(A, ""), null).validate(NOW, ResumeConditionTest::noPending));
    }
}
