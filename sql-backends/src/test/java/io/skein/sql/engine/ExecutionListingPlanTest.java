package io.skein.sql.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.execution.ExecutionQuery;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.state.PublicState;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A search over every partition is one index range scan in the listing order (migration V0004): SQLite's plan for
 * each shape of query names one of the listing indexes and never sorts the table for the ORDER BY.
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
        assertPlan(new ExecutionQuery(null, PublicState.COMPLETED, "resize", 10L, 2_000L, cursor, 50),
                "ff_exec_core_created_idx");
        assertPlan(new ExecutionQuery(lane, null, null, null, null, null, 50), "ff_exec_core_lane_created_idx");
        assertPlan(new ExecutionQuery(lane, PublicState.WAITING, "resize", 10L, 2_000L, cursor, 50),
                "ff_exec_core_lane_created_idx");
    }

    private void assertPlan(ExecutionQuery query, String index) {
        ExecutionListing.Statement statement = ExecutionListing.statement(query);
        List<String> details = backend.database().read(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("EXPLAIN QUERY PLAN " + statement.sql())) {
                int i = 1;
                for (Object p : statement.params()) {
                    ps.setObject(i++, p instanceof UUID u ? ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                            .putLong(u.getLeastSignificantBits()).array() : p);
                }
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getString("detail"));
                    }
                }
                return rows;
            }
        });
        String plan = String.join(" | ", details);
        assertTrue(plan.contains("USING INDEX " + index) || plan.contains("USING COVERING INDEX " + index),
                query + " → " + plan);
        assertFalse(plan.contains("TEMP B-TREE"), "sorts instead of reading in index order: " + query + " → " + plan);
    }
}
