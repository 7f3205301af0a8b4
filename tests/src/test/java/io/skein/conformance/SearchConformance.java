package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CancelSource;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Handle;
import io.skein.core.api.LeaseFence;
import io.skein.core.api.execution.AttemptSummary;
import io.skein.core.api.execution.CompleteExecutionArgs;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.execution.ExecutionDetail;
import io.skein.core.api.execution.ExecutionQuery;
import io.skein.core.api.execution.ExecutionSummary;
import io.skein.core.api.execution.ExecutionSummaryPage;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.handle.HandleCodec;
import io.skein.core.handle.HandleFields;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.state.AttemptLifecycle;
import io.skein.core.state.PublicState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The reads behind {@code skein list} and {@code skein describe} (issue #18): a search over every partition, newest
 * first, with filters and cursor paging, and the detail of one execution with its attempts and result.
 */
class SearchConformance extends Conformance {

    private static final LaneId OTHER = LaneId.of("other");

    /** Newest first: creation time, then partition, then the uuid's bytes, all descending (the stores' order). */
    private static final Comparator<ExecutionSummary> LISTING_ORDER = Comparator
            .comparingLong(ExecutionSummary::createdAt)
            .thenComparingInt(s -> s.executionId().partition())
            .thenComparing((a, b) -> {
                UUID x = a.executionId().uuid();
                UUID y = b.executionId().uuid();
                int high = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
                return high != 0 ? high : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
            }).reversed();

    private ExecutionId create(LaneId lane, String kind) {
        ExecutionId id = PartitionConfig.DEFAULT.mintedExecutionId(UUID.randomUUID());
        backend.createExecution(new CreateExecutionArgs(id, NAMESPACE, lane, kind, "{}".getBytes(StandardCharsets.UTF_8),
                "json", 0, "conformance", null, Map.of(), null, null, null, id.partition(), clock.millis()));
        return id;
    }

    @Test
    void s1_aSearchSpansEveryPartitionNewestFirstWithFiltersAndPaging() {
        // given executions of two lanes and two kinds, on many partitions, some created in the same millisecond
        List<ExecutionId> ids = new ArrayList<>();
        long firstCreated = clock.millis();
        for (int i = 0; i < 9; i++) {
            ids.add(create(i % 3 == 0 ? OTHER : LANE, i % 2 == 0 ? "resize" : "encode"));
            if (i % 3 != 1) {
                clock.advance(10);
            }
        }
        Set<Integer> partitions = new HashSet<>();
        ids.forEach(id -> partitions.add(id.partition()));
        assertTrue(partitions.size() > 1, "minted ids spread over partitions: " + ids);

        // when everything is listed in one page
        List<ExecutionSummary> all = backend.searchExecutions(ExecutionQuery.all(100)).executions();

        // then every execution is there once, newest first, with its lane, kind, state and times
        assertEquals(Set.copyOf(ids), Set.copyOf(all.stream().map(ExecutionSummary::executionId).toList()));
        assertEquals(all.stream().sorted(LISTING_ORDER).toList(), all);
        ExecutionSummary oldest = all.get(all.size() - 1);
        assertEquals(ids.get(0), oldest.executionId());
        assertEquals(OTHER, oldest.laneId());
        assertEquals("resize", oldest.executionKind());
        assertEquals(PublicState.WAITING, oldest.publicState());
        assertEquals(0, oldest.attempts());
        assertEquals(firstCreated, oldest.createdAt());

        // and pages of two, cursor to cursor, give the same list
        List<ExecutionSummary> paged = new ArrayList<>();
        ExecutionQuery query = ExecutionQuery.all(2);
        ExecutionSummaryPage page;
        do {
            page = backend.searchExecutions(query);
            assertTrue(page.executions().size() <= 2);
            paged.addAll(page.executions());
            query = query.after(page.nextCursor());
        } while (page.nextCursor() != null);
        assertEquals(all, paged);

        // and each filter narrows the list, in the same order
        assertEquals(filter(all, s -> s.laneId().equals(OTHER)),
                backend.searchExecutions(new ExecutionQuery(OTHER, null, null, null, null, null, 100)).executions());
        assertEquals(filter(all, s -> s.executionKind().equals("encode")), backend.searchExecutions(
                new ExecutionQuery(null, null, "encode", null, null, null, 100)).executions());
        long from = firstCreated + 10;
        long until = firstCreated + 30;
        assertEquals(filter(all, s -> s.createdAt() >= from && s.createdAt() < until), backend.searchExecutions(
                new ExecutionQuery(null, null, null, from, until, null, 100)).executions());
        assertEquals(filter(all, s -> s.laneId().equals(LANE) && s.executionKind().equals("resize")),
                backend.searchExecutions(new ExecutionQuery(LANE, PublicState.WAITING, "resize", null, null, null,
                        100)).executions());
        assertEquals(List.of(), backend.searchExecutions(new ExecutionQuery(null, PublicState.COMPLETED, null, null,
                null, null, 100)).executions());
    }

    @Test
    void s2_theDetailShowsEachAttemptWithItsOutcomeAndTheResultWithItsEncoding() {
        // given an execution that failed once and then completed with a JSON result
        ExecutionPolicy oneRetry = ExecutionPolicy.parse(
                "{\"retry_policy\":{\"max_retries\":1,\"backoff\":{\"type\":\"fixed\",\"delay_ms\":0}}}");
        ExecutionId id = created(0, oneRetry);
        clock.advance(5);
        Handle first = claimed();
        clock.advance(20);
        backend.fail(first, FailureReason.of("disk full"), FailureClass.TRANSIENT);
        clock.advance(5);
        Handle second = claimed();
        clock.advance(30);
        HandleFields h = HandleCodec.peek(second);
        backend.completeExecution(new CompleteExecutionArgs(id, new LeaseFence(h.leaseId(), h.leaseEpoch(),
                h.attemptId()), h.attemptIndex(), "{\"ok\":true}".getBytes(StandardCharsets.UTF_8), "json",
                CancelSource.LEASE_HOLDER, clock.millis()));

        // when its detail is read
        ExecutionDetail detail = backend.readExecutionDetail(id).orElseThrow();

        // then both attempts show how they ended and how long they ran, and the result keeps its encoding
        assertEquals("test.kind", detail.executionKind());
        assertEquals("input", new String(detail.inputPayload(), StandardCharsets.UTF_8));
        assertEquals("utf8", detail.payloadEncoding());
        assertEquals("{\"ok\":true}", new String(detail.result(), StandardCharsets.UTF_8));
        assertEquals("json", detail.resultEncoding());
        assertEquals(2, detail.attempts().size());
        AttemptSummary failed = detail.attempts().get(0);
        assertEquals(AttemptLifecycle.ENDED_FAILURE, failed.lifecycle());
        assertEquals("disk full", failed.failureReason());
        assertEquals(20, failed.endedAt() - failed.startedAt());
        AttemptSummary succeeded = detail.attempts().get(1);
        assertEquals(AttemptLifecycle.ENDED_SUCCESS, succeeded.lifecycle());
        assertEquals(30, succeeded.endedAt() - succeeded.startedAt());
        assertNull(succeeded.failureReason());
        assertNotNull(succeeded.workerInstanceId());
        assertEquals(2, backend.searchExecutions(new ExecutionQuery(null, PublicState.COMPLETED, null, null, null,
                null, 10)).executions().get(0).attempts());

        // and an unknown execution has no detail
        assertTrue(backend.readExecutionDetail(soloId()).isEmpty());
    }

    private static List<ExecutionSummary> filter(List<ExecutionSummary> all,
                                                 java.util.function.Predicate<ExecutionSummary> keep) {
        return all.stream().filter(keep).toList();
    }
}
