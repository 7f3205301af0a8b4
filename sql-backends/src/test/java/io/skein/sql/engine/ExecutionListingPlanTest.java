package io.skein.sql.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.execution.ExecutionQuery;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.state.PublicState;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A search over every partition is one index range scan in the listing order (migrations V0004 and V0005): SQLite's
 * plan for each shape of query names one of the listing indexes and never sorts the table for the ORDER BY.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecutionListingPlanTest {

    private SqliteBackend backend;

    @BeforeAll
    void open() {
        backend = SqliteBackend.open(SqliteOptions.of("file:plan-" + UUID.randomUUID() + "?mode=memory&cache=shared")
                .withEnv(Map.of("FF_DEV_MODE", "1")::get));
        backend.prepare();
    }

    @AfterAll
    void close() {
        backend.close();
    }

    @Test
    void everyFilterAndCursorShapeIsAnIndexRangeScanInListingOrder() {
        ExecutionQuery.Cursor cursor = new ExecutionQuery.Cursor(1_000, new ExecutionId(7, UUID.randomUUID()));
        LaneId lane = LaneId.of("default");
        assertPlan(ExecutionQuery.all(50), "ff_exec_core_created_idx");
        assertPlan(ExecutionQuery.all(50).after(cursor), "ff_exec_core_created_idx");
        assertPlan(new ExecutionQuery(null, null, "resize", 10L, 2_000L, cursor, 50), "ff_exec_core_created_idx");
        assertPlan(new ExecutionQuery(null, PublicState.COMPLETED, "resize", 10L, 2_000L, cursor, 50),
                "ff_exec_core_state_created_idx");
        assertPlan(new ExecutionQuery(lane, null, null, null, null, null, 50), "ff_exec_core_lane_created_idx");
        assertPlan(new ExecutionQuery(lane, PublicState.WAITING, "resize", 10L, 2_000L, cursor, 50),
                "ff_exec_core_lane_created_idx", "ff_exec_core_state_created_idx");
    }

    /** Asserts the plan reads one of {@code indexes} in order, without a sort. */
    private void assertPlan(ExecutionQuery query, String... indexes) {
        ExecutionListing.Statement statement = ExecutionListing.statement(query);
        String plan = SqlitePlans.plan(backend, statement.sql(), statement.params());
        assertTrue(java.util.Arrays.stream(indexes).anyMatch(index -> SqlitePlans.uses(plan, index)), query + " → " + plan);
        assertFalse(plan.contains("TEMP B-TREE"), "sorts instead of reading in index order: " + query + " → "
                + plan);
    }
}
