package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Handle;
import io.skein.core.id.ExecutionId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checklist L6: the outbox rows each operation writes in its own unit (spec 05 §1.8, D7). Items already asserted
 * elsewhere: retry → {@code released(failed_retry_scheduled)} in {@code FailureConformance.e1_…}; revoke →
 * {@code revoked} in {@code OperatorControlsConformance.f6_…}; reclaim → {@code reclaimed} in
 * {@code ReclaimConformance}; delivery → one signal event per accepted delivery in
 * {@code SuspendAndSignalConformance.h23_…}; replay → {@code replayed} + {@code replay_initiated} and priority →
 * {@code priority_changed} in {@code OperatorControlsConformance}. This class covers claim and complete, and the
 * whole history of one execution in commit order.
 */
class OutboxConformance extends LifecycleGivens {

    private List<String> leaseHistory(ExecutionId id) {
        List<String> out = new java.util.ArrayList<>();
        long n = fx.queryLong("SELECT COUNT(*) FROM ff_lease_event WHERE partition_key = ? AND execution_id = ?",
                id.partition(), id.uuid());
        for (int i = 0; i < n; i++) {
            String type = fx.queryString("SELECT event_type FROM ff_lease_event WHERE partition_key = ? "
                    + "AND execution_id = ? ORDER BY event_id LIMIT 1 OFFSET " + i, id.partition(), id.uuid());
            String reason = fx.queryString("SELECT reason FROM ff_lease_event WHERE partition_key = ? "
                    + "AND execution_id = ? ORDER BY event_id LIMIT 1 OFFSET " + i, id.partition(), id.uuid());
            out.add(reason == null ? type : type + "(" + reason + ")");
        }
        return out;
    }

    private long completionRows(ExecutionId id) {
        return count("ff_completion_event", id);
    }

    @Test
    void l6_claimWritesAcquired() {
        ExecutionId id = created();
        assertEquals(List.of(), leaseHistory(id), "create writes no lease event");

        claimed();

        assertEquals(List.of("acquired(initial)"), leaseHistory(id));
        assertEquals(0, completionRows(id));
    }

    @Test
    void l6_completeWritesOneSuccessCompletionAndReleased() {
        ExecutionId id = created();
        Handle h = claimed();

        backend.complete(h, "ok".getBytes());

        assertEquals(1, completionEvents(id, "success"));
        assertEquals(1, completionRows(id));
        assertEquals(List.of("acquired(initial)", "released(completed)"), leaseHistory(id));
    }

    @Test
    void l6_aRetriedThenCompletedExecutionHasItsHistoryInCommitOrder() {
        ExecutionId id = created("{\"retry_policy\":{\"max_retries\":1,\"backoff\":{\"type\":\"fixed\","
                + "\"delay_ms\":0}}}");
        backend.fail(claimed(), FailureReason.of("boom"), FailureClass.TRANSIENT);
        Handle second = claimed();
        backend.complete(second, null);

        List<String> history = leaseHistory(id);
        assertEquals(List.of("acquired", "released", "acquired", "released"),
                history.stream().map(e -> e.replaceAll("\\(.*\\)", "")).toList(), history.toString());
        assertEquals("acquired(initial)", history.get(0));
        assertEquals("released(failed_retry_scheduled)", history.get(1));
        assertEquals("released(completed)", history.get(3));
        assertEquals(1, completionRows(id), "only the terminal transition writes a completion");
        assertEquals(1, completionEvents(id, "success"));
    }
}
