package io.skein.connectors.http;

import static io.skein.connectors.http.ApiRoutes.intQuery;
import static io.skein.connectors.http.ApiRoutes.json;
import static io.skein.connectors.http.ApiRoutes.parseId;
import static io.skein.connectors.http.ApiRoutes.route;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.id.LaneId;
import io.skein.sql.engine.EngineTimer;
import io.skein.sql.engine.SqlEngineBackend;
import io.skein.topology.PartitionOwner;
import io.skein.topology.SkeinEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Interactive queries about the engine itself (issue #6): a lane's depth and the head of its ready queue, the
 * timers due now, and which instance owns which partition. The ready queues and timers are answered from the SQL
 * store, which every instance shares and which is authoritative (the topology keeps no private copy of them), so
 * any instance answers them alike; partition ownership comes from Kafka Streams' metadata in Kafka mode.
 */
final class EngineQueryRoutes {

    static final int HEAD_MAX_LIMIT = 1_000;

    /** A lane's ready-queue depth: runnable executions eligible now. */
    record LaneDepth(LaneId laneId, long depth) {}

    /** One execution at the head of a lane's ready queue. */
    record HeadEntry(String executionId, int priority, long createdAtMs) {}

    /** The head of a lane's ready queue, in claim order (priority, then age). */
    record LaneHead(LaneId laneId, List<HeadEntry> entries) {}

    /** Items each clock-driven timer would act on now, by the timer's spec 05 §4 name. */
    record TimersDue(long nowMs, Map<String, Integer> due) {}

    /** Where partitions are processed: {@code direct} (this instance, every partition) or {@code kafka}. */
    record Partitions(String mode, List<PartitionOwner> instances) {}

    private volatile SqlEngineBackend store;
    private volatile SkeinEngine engine;

    /** Answers from {@code store} and, in Kafka mode, {@code engine}'s partition metadata (null in direct mode). */
    void bind(SqlEngineBackend store, SkeinEngine engine) {
        this.store = store;
        this.engine = engine;
    }

    List<Route> routes() {
        return List.of(
                route("GET", "/v1/engine/lanes/{lane_id}/depth", BodyLimit.NONE, "lane_depth",
                        "The lane's ready-queue depth: {lane_id, depth} (runnable executions eligible now).",
                        call -> {
                            LaneId lane = lane(call);
                            return json(200, new LaneDepth(lane, bound().readyDepthByLane()
                                    .getOrDefault(lane.value(), 0L)));
                        }),
                route("GET", "/v1/engine/lanes/{lane_id}/head", BodyLimit.NONE, "lane_head",
                        "The first ?limit= (1-1000, default 10) executions of the lane's ready queue in claim "
                                + "order: {lane_id, entries:[{execution_id, priority, created_at_ms}]}.",
                        call -> {
                            LaneId lane = lane(call);
                            int limit = intQuery(call, "limit", 1, HEAD_MAX_LIMIT, 10);
                            List<HeadEntry> entries = bound().readyHead(lane.value(), limit).stream()
                                    .map(e -> new HeadEntry(e.executionId().toString(), e.priority(),
                                            e.createdAtMs())).toList();
                            return json(200, new LaneHead(lane, entries));
                        }),
                route("GET", "/v1/engine/timers/due", BodyLimit.NONE, "timers_due",
                        "How many items each clock-driven timer would act on now: {now_ms, due:{timer: n}}.",
                        call -> {
                            SqlEngineBackend s = bound();
                            Map<String, Integer> due = new LinkedHashMap<>();
                            s.dueTimerCounts().forEach((timer, n) -> due.put(timerName(timer), n));
                            return json(200, new TimersDue(s.clockMillis(), due));
                        }),
                route("GET", "/v1/engine/partitions", BodyLimit.NONE, "partition_owners",
                        "Which instance processes which partition: {mode, instances:[{server, this_instance, "
                                + "command_partitions, standby_command_partitions, flow_partitions}]}.",
                        call -> json(200, partitions())));
    }

    private Partitions partitions() {
        SqlEngineBackend s = bound();
        SkeinEngine kafka = engine;
        if (kafka != null) {
            return new Partitions("kafka", kafka.partitionOwners());
        }
        List<Integer> all = IntStream.range(0, s.partitionConfig().flowPartitions()).boxed().toList();
        return new Partitions("direct", List.of(new PartitionOwner(null, true, List.of(), List.of(), all)));
    }

    private static LaneId lane(Call call) {
        return parseId("lane_id", () -> LaneId.of(call.path("lane_id")));
    }

    private static String timerName(EngineTimer timer) {
        return timer.name().toLowerCase(java.util.Locale.ROOT);
    }

    private SqlEngineBackend bound() {
        SqlEngineBackend s = store;
        if (s == null) {
            throw new EngineException(new EngineError.Unavailable("engine_queries_need_the_sql_store"));
        }
        return s;
    }
}
