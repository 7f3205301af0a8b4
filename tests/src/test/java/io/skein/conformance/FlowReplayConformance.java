package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.execution.ReplayExecutionArgs;
import io.skein.core.api.execution.ReplayExecutionResult;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.state.PublicState;
import org.junit.jupiter.api.Test;

/** Checklist F9: replaying a skipped flow member (operator replay meets flow resolution). */
class FlowReplayConformance extends FlowConformance {

    @Test
    void f9_aReplayedSkippedMemberWaitsForItsReplayedUpstream() {
        // given A → B, A fails for good and B is skipped
        FlowId flow = flow();
        ExecutionId a = member(flow);
        ExecutionId b = member(flow);
        edge(flow, a, b);
        backend.fail(claim(a), FailureReason.of("broken"), FailureClass.PERMANENT);
        assertEquals(PublicState.SKIPPED, state(b));

        // when B is replayed
        ReplayExecutionResult replayed = backend.replayExecution(new ReplayExecutionArgs(b, clock.millis()));

        // then B waits for its children again, its dependency is unsatisfied and the group counters are reset
        assertInstanceOf(ReplayExecutionResult.Replayed.class, replayed);
        assertEquals(PublicState.WAITING_CHILDREN, state(b));
        assertEquals("unsatisfied", fx.queryString("SELECT dependency_state FROM ff_edge WHERE partition_key = ? "
                + "AND downstream_eid = ?", b.partition(), b.uuid()));
        assertEquals(0, fx.queryLong("SELECT fail_count + skip_count FROM ff_edge_group WHERE partition_key = ? "
                + "AND downstream_eid = ?", b.partition(), b.uuid()));

        // when A is replayed and completes, B becomes claimable
        backend.replayExecution(new ReplayExecutionArgs(a, clock.millis()));
        backend.complete(claim(a), "ok".getBytes());
        assertEquals(PublicState.WAITING, state(b));
    }
}
