package io.skein.core.api;

import static io.skein.core.api.ApiAssertions.assertInvalidInput;
import static io.skein.core.api.ApiAssertions.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.FlowId;
import io.skein.core.id.Namespace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlowHelpersTest {

    @Test
    void quorumNeedsAPositiveKAndAnOnSatisfiedChoice() {
        assertEquals(2, new EdgeDependencyPolicy.Quorum(2, OnSatisfied.LET_RUN).requiredSuccesses(5));
        assertInvalidInput("policy.k: must be >= 1", () -> new EdgeDependencyPolicy.Quorum(0, OnSatisfied.LET_RUN));
        assertInvalidInput("policy.on_satisfied: required for Quorum", () -> new EdgeDependencyPolicy.Quorum(1, null));
        assertInvalidInput("policy.on_satisfied: required for AnyOf", () -> new EdgeDependencyPolicy.AnyOf(null));
    }

    @Test
    void eachPolicyNamesHowManySuccessesFireTheGroup() {
        assertEquals(4, new EdgeDependencyPolicy.AllOf().requiredSuccesses(4));
        assertEquals(1, new EdgeDependencyPolicy.AnyOf(OnSatisfied.CANCEL_REMAINING).requiredSuccesses(4));
    }

    @Test
    void cancelWaitsMapToTheirDeadlines() {
        assertEquals(Optional.empty(), FlowCancellation.cancelFlowWaitDeadline(new CancelFlowWait.NoWait()));
        assertEquals(Optional.of(Duration.ofSeconds(7)),
                FlowCancellation.cancelFlowWaitDeadline(new CancelFlowWait.WaitTimeout(Duration.ofSeconds(7))));
        assertEquals(Optional.of(Duration.ofSeconds(300)),
                FlowCancellation.cancelFlowWaitDeadline(new CancelFlowWait.WaitIndefinite()));
        assertInvalidInput("wait.timeout: must be a non-negative duration",
                () -> new CancelFlowWait.WaitTimeout(Duration.ofMillis(-1)));
    }

    @Test
    void cancelPolicyAcceptsTheFlowOnlyAlias() {
        assertEquals(CancelFlowPolicy.FLOW_ONLY, CancelFlowPolicy.parse("cancel_flow_only"));
        assertEquals(CancelFlowPolicy.CANCEL_PENDING, CancelFlowPolicy.parse("cancel_pending"));
        assertInvalidInput("cancellation_policy: unknown policy", () -> CancelFlowPolicy.parse("cancel_some"));
    }

    /** A flow that reads open for {@code openPolls} reads, then cancelled or gone. */
    private static final class FakeFlows implements FlowOperations {
        final AtomicInteger polls = new AtomicInteger();
        final int openPolls;
        final boolean vanish;

        FakeFlows(int openPolls, boolean vanish) {
            this.openPolls = openPolls;
            this.vanish = vanish;
        }

        @Override
        public Optional<FlowSnapshot> describeFlow(FlowId flowId) {
            boolean open = polls.incrementAndGet() <= openPolls;
            if (!open && vanish) {
                return Optional.empty();
            }
            return Optional.of(new FlowSnapshot(flowId, "dag", Namespace.of("ns"),
                    open ? PublicFlowState.OPEN : PublicFlowState.CANCELLED, 1, 2, 1, 0, 0, null, null, null,
                    Map.of(), List.of()));
        }
    }

    @Test
    void waitingReturnsOnceTheFlowReadsCancelled() {
        FakeFlows flows = new FakeFlows(3, false);
        long started = System.nanoTime();

        FlowCancellation.waitForFlowCancellation(flows, FlowId.random(), Instant.now().plusSeconds(5));

        assertEquals(4, flows.polls.get());
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(elapsedMs >= 250, "three 100 ms pauses between four polls, took " + elapsedMs + " ms");
    }

    @Test
    void waitingReturnsWhenTheFlowIsGone() {
        FakeFlows flows = new FakeFlows(1, true);

        FlowCancellation.waitForFlowCancellation(flows, FlowId.random(), Instant.now().plusSeconds(5));

        assertEquals(2, flows.polls.get());
    }

    @Test
    void aFlowThatNeverCancelsTimesOutAsCancelFlow() {
        FakeFlows flows = new FakeFlows(Integer.MAX_VALUE, false);

        Instant deadline = Instant.now().plusMillis(250);
        EngineException e = assertThrows(EngineException.class,
                () -> FlowCancellation.waitForFlowCancellation(flows, FlowId.random(), deadline));

        EngineError.Timeout timeout = assertInstanceOf(EngineError.Timeout.class, e.error());
        assertEquals("cancel_flow", timeout.op());
        // never gives up before the deadline (elapsed is counted from the call's own start, which a loaded machine
        // may delay, so the deadline itself is the reference)
        assertTrue(!Instant.now().isBefore(deadline), "returned before the deadline");
        // Every 100 ms from the start plus one at the deadline; a slow machine only polls less often.
        assertTrue(flows.polls.get() >= 2 && flows.polls.get() <= 6, "polls " + flows.polls.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.owner", "a.b", "my_app.field.sub", "x1.0", "a._", "a.b.", "z_9.y_8.x"})
    void wellFormedTagKeysPass(String key) {
        assertEquals(key, TagKeys.validateTagKey(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "owner", "App.owner", "1a.b", "_a.b", "a..b", "a.", ".a", "a.B", "a-b.c", "a.b c",
        "a.b\n", "é.b"})
    void malformedTagKeysAreRejected(String key) {
        assertValidation(ValidationKind.INVALID_TAG_KEY, () -> TagKeys.validateTagKey(key));
    }

    @Test
    void tagKeysAreAtMost128Bytes() {
        String max = "a." + "b".repeat(126);
        assertEquals(max, TagKeys.validateTagKey(max));
        assertValidation(ValidationKind.INVALID_TAG_KEY, () -> TagKeys.validateTagKey(max + "b"));
        assertValidation(ValidationKind.INVALID_TAG_KEY, () -> TagKeys.validateTagKey(null));
    }
}
