package io.skein.connectors.http;

import static io.skein.connectors.http.ApiRoutes.intQuery;
import static io.skein.connectors.http.ApiRoutes.json;
import static io.skein.connectors.http.ApiRoutes.parseId;
import static io.skein.connectors.http.ApiRoutes.route;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.stores.ReadyQueueStore;
import java.util.ArrayList;
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
 * timers due now, and which instance owns which partition.
 *
 * <p>In Kafka mode the ready queues and timers are answered from the topology's local RocksDB stores: each instance
 * holds those of the command partitions it processes, so the instance asked answers its own part and asks every
 * other instance for theirs ({@code ?scope=local}, with this server's token), then sums or merges in claim order. A
 * peer that does not answer makes the query a 503, never a silently partial answer. The sweeps of spec 05 §4 rows
 * 8–14 have no store: their due items are counted in SQL, which every instance shares. In direct mode (one process,
 * every partition) everything comes from SQL. Partition ownership comes from Kafka Streams' metadata.
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
    private final PeerQueries peers;

    EngineQueryRoutes(PeerQueries peers) {
        this.peers = peers;
    }

    /** Answers from {@code store} and, in Kafka mode, {@code engine}'s local stores and metadata (null: direct). */
    void bind(SqlEngineBackend store, SkeinEngine engine) {
        this.store = store;
        this.engine = engine;
    }

    List<Route> routes() {
        return List.of(
                route("GET", "/v1/engine/lanes/{lane_id}/depth", BodyLimit.NONE, "lane_depth",
                        "The lane's ready-queue depth: {lane_id, depth} (runnable executions eligible now); "
                                + "?scope=local counts this instance's partitions only (Kafka mode).",
                        call -> {
                            LaneId lane = lane(call);
                            return json(200, new LaneDepth(lane, depth(lane, local(call))));
                        }),
                route("GET", "/v1/engine/lanes/{lane_id}/head", BodyLimit.NONE, "lane_head",
                        "The first ?limit= (1-1000, default 10) executions of the lane's ready queue in claim "
                                + "order: {lane_id, entries:[{execution_id, priority, created_at_ms}]}; "
                                + "?scope=local lists this instance's partitions only (Kafka mode).",
                        call -> {
                            LaneId lane = lane(call);
                            int limit = intQuery(call, "limit", 1, HEAD_MAX_LIMIT, 10);
                            return json(200, new LaneHead(lane, head(lane, limit, local(call))));
                        }),
                route("GET", "/v1/engine/timers/due", BodyLimit.NONE, "timers_due",
                        "How many items each clock-driven timer would act on now: {now_ms, due:{timer: n}}; in "
                                + "Kafka mode the execution timers come from the topology's timer stores "
                                + "(?scope=local: this instance's only) and the sweeps from SQL.",
                        call -> timersDue(local(call))),
                route("GET", "/v1/engine/partitions", BodyLimit.NONE, "partition_owners",
                        "Which instance processes which partition: {mode, instances:[{server, this_instance, "
                                + "command_partitions, standby_command_partitions, flow_partitions}]}.",
                        call -> json(200, partitions())));
    }

    private long depth(LaneId lane, boolean localOnly) {
        SkeinEngine kafka = engine;
        if (kafka == null) {
            return bound().readyDepthByLane().getOrDefault(lane.value(), 0L);
        }
        long depth = kafka.queries().readyDepth(lane.value());
        if (!localOnly) {
            for (String peer : kafka.queries().peers()) {
                depth += peers.get(peer, "/v1/engine/lanes/" + lane.value() + "/depth?scope=local")
                        .path("depth").asLong();
            }
        }
        return depth;
    }

    private List<HeadEntry> head(LaneId lane, int limit, boolean localOnly) {
        SkeinEngine kafka = engine;
        if (kafka == null) {
            return bound().readyHead(lane.value(), limit).stream().map(e -> new HeadEntry(
                    e.executionId().toString(), e.priority(), e.createdAtMs())).toList();
        }
        List<ReadyQueueStore.Entry> merged = new ArrayList<>(kafka.queries().readyHead(lane.value(), limit));
        if (!localOnly) {
            for (String peer : kafka.queries().peers()) {
                for (var e : peers.get(peer, "/v1/engine/lanes/" + lane.value() + "/head?scope=local&limit=" + limit)
                        .path("entries")) {
                    merged.add(new ReadyQueueStore.Entry(ExecutionId.parse(e.path("execution_id").asText()),
                            lane.value(), e.path("priority").asInt(), e.path("created_at_ms").asLong()));
                }
            }
            merged.sort(ReadyQueueStore::claimOrder);
        }
        return merged.stream().limit(limit).map(e -> new HeadEntry(e.executionId().toString(), e.priority(),
                e.createdAtMs())).toList();
    }

    private Reply timersDue(boolean localOnly) {
        SqlEngineBackend s = bound();
        SkeinEngine kafka = engine;
        Map<String, Integer> due = new LinkedHashMap<>();
        long now = s.clockMillis();
        if (kafka == null) {
            s.dueTimerCounts().forEach((timer, n) -> due.put(timerName(timer), n));
            return json(200, new TimersDue(now, due));
        }
        for (io.skein.core.timer.TimerKind kind : io.skein.core.timer.TimerKind.values()) {
            due.put(kind.wire(), 0); // every kind, due or not: the shape does not depend on the moment
        }
        kafka.queries().dueTimers(now).forEach((kind, n) -> due.merge(kind.wire(), n.intValue(), Integer::sum));
        if (!localOnly) {
            for (String peer : kafka.queries().peers()) {
                peers.get(peer, "/v1/engine/timers/due?scope=local").path("due").fields().forEachRemaining(
                        e -> due.merge(e.getKey(), e.getValue().asInt(), Integer::sum));
            }
            s.dueTimerCounts().forEach((timer, n) -> {
                if (timer.row() >= SWEEPS_FROM_ROW) {
                    due.put(timerName(timer), n);
                }
            });
        }
        return json(200, new TimersDue(now, due));
    }

    /** Rows of spec 05 §4 from here on are sweeps, without a timer store. */
    private static final int SWEEPS_FROM_ROW = 8;

    /** {@code ?scope=local}: this instance's part only (what a peer asks for); absent or {@code engine}: all. */
    private static boolean local(Call call) {
        String scope = call.query("scope");
        if (scope == null || scope.equals("engine")) {
            return false;
        }
        if (scope.equals("local")) {
            return true;
        }
        throw EngineError.invalidInput("scope: expected local or engine, got " + scope);
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
