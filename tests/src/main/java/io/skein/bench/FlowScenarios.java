package io.skein.bench;

import io.skein.core.api.AddExecutionToFlowArgs;
import io.skein.core.api.ApplyDependencyToChildArgs;
import io.skein.core.api.CancelFlowPolicy;
import io.skein.core.api.CancelFlowResult;
import io.skein.core.api.CancelFlowWait;
import io.skein.core.api.CreateFlowArgs;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.StageDependencyEdgeArgs;
import io.skein.core.api.StageDependencyEdgeResult;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.id.EdgeId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.state.PublicState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** {@code flow_dag} and {@code quorum_cancel_fanout}: flows built through the API, then run or cancelled. */
final class FlowScenarios {

    static final String FLOW_DAG = "flow_dag";
    static final String QUORUM_CANCEL = "quorum_cancel_fanout";
    /** Callers building flows at once (the build is set-up, not measured). */
    private static final int BUILDERS = 8;
    private static final Namespace NS = Namespace.of("bench");

    private FlowScenarios() {}

    /**
     * F flows of 10 nodes: node k depends on k−1, and even nodes k ≥ 2 also on k−2 (13 edges, success_only). Once
     * every flow is built, W workers run the lane until every node completed. Throughput = nodes/s; latency = one
     * flow's time from the workers' start to its last node done.
     */
    static BenchResult flowDag(BenchTarget target, int flows, int workers, int capacity) throws Exception {
        int nodes = 10;
        EngineBackend backend = target.backend();
        LaneId lane = LaneId.of("dag-" + Long.toHexString(System.nanoTime() & 0xffffff));
        target.ensureLane(lane);
        Map<ExecutionId, Integer> flowOf = new ConcurrentHashMap<>();
        parallel("flow_dag build " + target.mode, flows, f -> {
            FlowId flow = flow(backend);
            List<ExecutionId> ids = new ArrayList<>();
            for (int k = 0; k < nodes; k++) {
                ExecutionId id = member(backend, flow, lane);
                ids.add(id);
                flowOf.put(id, f);
            }
            for (int k = 1; k < nodes; k++) {
                edge(backend, flow, ids.get(k - 1), ids.get(k));
                if (k % 2 == 0) {
                    edge(backend, flow, ids.get(k - 2), ids.get(k));
                }
            }
            return null;
        });
        int total = flows * nodes;
        Latencies flowTimes = new Latencies(flows);
        AtomicInteger[] perFlow = new AtomicInteger[flows];
        for (int f = 0; f < flows; f++) {
            perFlow[f] = new AtomicInteger();
        }
        AtomicInteger done = new AtomicInteger();
        long[] start = new long[1];
        long elapsed;
        try (Progress progress = Progress.reading(FLOW_DAG + " " + target.mode, total, done::get)) {
            start[0] = System.nanoTime();
            try (WorkerPool pool = WorkerPool.start(target, lane, workers, capacity, total, (id, at) -> {
                Integer f = flowOf.get(id);
                if (f != null && perFlow[f].incrementAndGet() == nodes) {
                    flowTimes.add(at - start[0]);
                }
                done.incrementAndGet();
            })) {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while (done.get() < total) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(FLOW_DAG + ": " + done.get() + " of " + total + " done");
                    }
                    Thread.sleep(5);
                }
                elapsed = System.nanoTime() - start[0];
            }
        }
        long completed = flowOf.keySet().stream()
                .filter(id -> target.sql.readExecutionState(id).orElse(null) == PublicState.COMPLETED).count();
        if (completed != total) {
            throw new IllegalStateException(FLOW_DAG + ": " + completed + " of " + total + " nodes completed");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("flows", flows);
        params.put("nodes_per_flow", nodes);
        params.put("edges_per_flow", 13);
        params.put("workers", workers);
        if (target.kafka()) {
            params.put("worker_capacity", capacity);
        }
        BenchResult r = BenchResult.of(FLOW_DAG, target.mode, "skein", params, flowTimes, elapsed, false);
        return new BenchResult(r.scenario(), r.mode(), r.variant(), r.params(), total, r.seconds(),
                BenchResult.round(total / (elapsed / 1e9), 1), r.p50Ms(), r.p99Ms(), r.maxMs(), r.extra());
    }

    /**
     * For each size n: a flow with n waiting members (built, not timed), then {@code cancel_flow(cancel_all)} waiting
     * until every member is cancelled; repeated {@code reps} times. Latency = the whole cancel call.
     */
    static BenchResult quorumCancel(BenchTarget target, int members, int reps) throws Exception {
        EngineBackend backend = target.backend();
        LaneId lane = LaneId.of("qc-" + Long.toHexString(System.nanoTime() & 0xffffff));
        target.ensureLane(lane);
        Latencies cancels = new Latencies(reps);
        long start = System.nanoTime();
        for (int rep = 0; rep < reps; rep++) {
            FlowId flow = flow(backend);
            List<ExecutionId> ids = parallel("quorum_cancel build n=" + members + " " + target.mode + " rep "
                    + (rep + 1) + "/" + reps, members, i -> member(backend, flow, lane));
            long t0 = System.nanoTime();
            CancelFlowResult r = backend.cancelFlow(flow, CancelFlowPolicy.CANCEL_ALL,
                    new CancelFlowWait.WaitTimeout(Duration.ofMinutes(2)), "bench");
            cancels.add(System.nanoTime() - t0);
            if (!(r instanceof CancelFlowResult.Cancelled)) {
                throw new IllegalStateException("cancel_flow did not cancel every member: " + r);
            }
            long cancelled = ids.stream().filter(id -> target.sql.readExecutionState(id).orElse(null)
                    == PublicState.CANCELLED).count();
            if (cancelled != members) {
                throw new IllegalStateException("only " + cancelled + " of " + members + " members cancelled");
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("members", members);
        params.put("reps", reps);
        return BenchResult.of(QUORUM_CANCEL, target.mode, "skein", params, cancels, System.nanoTime() - start,
                false);
    }

    private static FlowId flow(EngineBackend backend) {
        FlowId flow = FlowId.random();
        backend.createFlow(new CreateFlowArgs(flow, "bench", NS, System.currentTimeMillis()));
        return flow;
    }

    private static ExecutionId member(EngineBackend backend, FlowId flow, LaneId lane) {
        ExecutionId id = PartitionConfig.DEFAULT.memberExecutionId(flow, UUID.randomUUID());
        backend.createExecution(new CreateExecutionArgs(id, NS, lane, "bench", new byte[32], null, 0, "bench", null,
                Map.of(), null, null, null, id.partition(), System.currentTimeMillis()));
        backend.addExecutionToFlow(new AddExecutionToFlowArgs(flow, id, System.currentTimeMillis()));
        return id;
    }

    private static void edge(EngineBackend backend, FlowId flow, ExecutionId upstream, ExecutionId downstream) {
        EdgeId edge = EdgeId.random();
        long revision = backend.describeFlow(flow).orElseThrow().graphRevision();
        StageDependencyEdgeResult.Staged staged = (StageDependencyEdgeResult.Staged) backend.stageDependencyEdge(
                new StageDependencyEdgeArgs(flow, edge, upstream, downstream, null, null, revision,
                        System.currentTimeMillis()));
        backend.applyDependencyToChild(new ApplyDependencyToChildArgs(flow, edge, downstream, upstream,
                staged.newGraphRevision(), null, null, System.currentTimeMillis()));
    }

    /** Runs {@code task(0..count-1)} on {@link #BUILDERS} threads and returns the results in order. */
    private static <T> List<T> parallel(String label, int count, IntFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(BUILDERS);
        try (Progress progress = Progress.counting(label, count)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    T v = task.apply(index);
                    progress.step();
                    return v;
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(3, TimeUnit.MINUTES));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
