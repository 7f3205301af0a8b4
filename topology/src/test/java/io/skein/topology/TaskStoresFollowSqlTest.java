package io.skein.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.core.api.Handle;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.command.EngineCommand;
import io.skein.core.handle.HandleCodec;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.Namespace;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.timer.ExecutionView;
import io.skein.core.wire.SkeinJson;
import io.skein.sql.engine.SqlEngineBackend;
import io.skein.stores.ExecutionCacheStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The task's execution cache says what SQL says after every command, though the processor derives the views of the
 * executions a top-up grants (and skips the top-up after a complete) instead of reading them back: a grant window of
 * one makes the second execution wait for the first one's claim, so its grant is issued after another command.
 */
class TaskStoresFollowSqlTest extends TopologyOnSqlite {

    private static final LaneId LANE = LaneId.of("default");
    private ExecutionCacheStore cache;

    @BeforeEach
    void given_a_topology_with_a_grant_window_of_one() {
        start(Duration.ZERO, config -> config.withGrantWindow(1));
        cache = new ExecutionCacheStore(driver.getKeyValueStore(ExecutionCacheStore.STORE));
    }

    @Test
    void the_views_of_granted_claimed_and_completed_executions_match_sql() throws Exception {
        ExecutionId first = ExecutionId.of(7, UUID.randomUUID());
        ExecutionId second = ExecutionId.of(7, UUID.randomUUID());

        // a create that takes the lane's one grant, then one that waits for it
        send(create(first));
        JsonNode firstGrant = SkeinJson.lenient().readTree(dispatch.readRecord().value());
        assertFollowsSql(first, true);
        send(create(second));
        assertTrue(dispatch.isEmpty(), "the window of one is full");
        assertFollowsSql(second, false);

        // the claim consumes the first grant: the top-up grants the second, which was not the command's subject
        send(claim(first, firstGrant.get("grant_key").asText()));
        JsonNode claimed = SkeinJson.lenient().readTree(replies.readRecordsToList().get(2).value());
        assertTrue(claimed.get("ok").asBoolean(), claimed.toString());
        assertEquals(second.toString(), SkeinJson.lenient().readTree(dispatch.readRecord().value())
                .get("execution_id").asText());
        assertFollowsSql(first, false);
        assertFollowsSql(second, true);

        // a complete changes no grant and skips the top-up
        Handle handle = HandleCodec.fromJson(claimed.findValue("handle").toString());
        send(new EngineCommand.Complete(handle, "ok".getBytes(StandardCharsets.UTF_8)));
        assertFollowsSql(first, false);
        assertFollowsSql(second, true);
    }

    private void assertFollowsSql(ExecutionId id, boolean holdsGrant) throws Exception {
        Optional<ExecutionView> inSql = sqlView(id);
        assertEquals(inSql.filter(ExecutionView::live), cache.get(id), "the task's view of " + id);
        assertEquals(holdsGrant, inSql.orElseThrow().holdsGrant(), "grant timer of " + id);
    }

    /** The view SQL holds, read in a unit of its own (on another thread: the processor's thread may hold one). */
    private Optional<ExecutionView> sqlView(ExecutionId id) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            SqlEngineBackend.OpenUnit unit = backend.openUnit();
            try {
                return backend.executionView(unit.tx(), id);
            } finally {
                unit.rollback();
            }
        }).get();
    }

    private EngineCommand create(ExecutionId id) {
        return new EngineCommand.CreateExecution(new CreateExecutionArgs(id, Namespace.of("default"), LANE, "kind",
                "in".getBytes(StandardCharsets.UTF_8), null, 0, "test", null, Map.of(), null, null, null,
                id.partition(), clock.millis()));
    }

    private EngineCommand claim(ExecutionId id, String grantKey) {
        return new EngineCommand.ClaimExecution(new ClaimExecutionArgs(id, WorkerId.of("w"),
                WorkerInstanceId.of("w-1"), LANE, LeaseId.random(), 30_000, AttemptId.random(), 0, null, null, null,
                clock.millis(), grantKey));
    }
}
