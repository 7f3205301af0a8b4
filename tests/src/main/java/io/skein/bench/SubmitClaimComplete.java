package io.skein.bench;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.command.EngineCommand;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code submit_claim_complete}: one producer submits N executions (payload of a given size) while W workers claim
 * and complete them. Throughput = N / (last completion − first submit); latency of one execution = its submit call
 * starting → its complete returning.
 */
final class SubmitClaimComplete {

    static final String NAME = "submit_claim_complete";
    /** {@link #NAME} at a fixed rate of creates: 20 % of the mode's steady rate in the same run, or {@code --rate}. */
    static final String PACED = "paced_round_trip";
    /**
     * Commands a Kafka-mode producer keeps in flight (the CommandClient is asynchronous). Measured: 1024 lowers
     * Skein's rate (~250 against ~330 executions/s steady), since the creates then queue in front of the workers'
     * claims and completes on the same partitions.
     */
    static final int KAFKA_IN_FLIGHT = 128;

    private SubmitClaimComplete() {}

    static BenchResult run(BenchTarget target, int n, int workers, int capacity, int payloadBytes) throws Exception {
        return run(NAME, target, n, workers, capacity, payloadBytes, Routing.NONE, 0);
    }

    /**
     * The same at a steady {@code ratePerS} of creates (issue 17: a command's round trip at 20 % load): the create
     * round trip (Kafka: send → reply) and the end-to-end time, p50 and p99, when the engine is not saturated.
     */
    static BenchResult paced(BenchTarget target, int n, int workers, int capacity, int payloadBytes,
                             double ratePerS) throws Exception {
        return run(PACED, target, n, workers, capacity, payloadBytes, Routing.NONE, ratePerS);
    }

    /**
     * How executions and workers are matched: the capability an execution requires (null: none) and those a
     * worker offers; {@code served} says whether worker {@code w} may run execution {@code i}.
     */
    interface Routing {
        Routing NONE = new Routing() {
            @Override
            public ExecutionPolicy policyOf(int execution) {
                return null;
            }

            @Override
            public CapabilitySet offeredBy(int worker) {
                return CapabilitySet.EMPTY;
            }

            @Override
            public boolean served(int execution, int worker) {
                return true;
            }
        };

        ExecutionPolicy policyOf(int execution);

        CapabilitySet offeredBy(int worker);

        boolean served(int execution, int worker);
    }

    /**
     * The scenario under {@code name}: N executions submitted with their routing policy while W workers claim and
     * complete them; a completion by a worker that may not serve the execution fails the run.
     */
    static BenchResult run(String name, BenchTarget target, int n, int workers, int capacity, int payloadBytes,
                           Routing routing, double ratePerS) throws Exception {
        LaneId lane = LaneId.of((name.equals(NAME) || name.equals(PACED) ? "scc-" : "cap-")
                + Long.toHexString(System.nanoTime() & 0xffffff));
        Map<ExecutionId, Integer> indexOf = new ConcurrentHashMap<>(n * 2);
        AtomicInteger misrouted = new AtomicInteger();
        Namespace ns = Namespace.of("bench");
        byte[] payload = new byte[payloadBytes];
        Map<ExecutionId, Long> submittedAt = new ConcurrentHashMap<>(n * 2);
        Latencies endToEnd = new Latencies(n);
        Latencies submitCalls = new Latencies(n);
        AtomicInteger done = new AtomicInteger();
        AtomicLong lastDone = new AtomicLong();
        SteadyRate steady = new SteadyRate(n);
        AtomicReference<Throwable> failure = new AtomicReference<>();

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("executions", n);
        params.put("workers", workers);
        if (target.kafka()) {
            params.put("worker_capacity", capacity);
        }
        params.put("payload_bytes", payloadBytes);
        if (ratePerS > 0) {
            params.put("rate_per_s", Math.round(ratePerS));
        }

        try (Progress progress = Progress.reading(name + " " + target.mode, n, done::get);
             WorkerPool pool = WorkerPool.start(target, lane, workers, capacity, n, routing::offeredBy,
                     (id, at, worker) -> {
                 Integer i = indexOf.get(id);
                 if (i != null && !routing.served(i, worker)) {
                     misrouted.incrementAndGet();
                 }
                 Long t0 = submittedAt.get(id);
                 if (t0 != null) {
                     endToEnd.add(at - t0);
                 }
                 lastDone.accumulateAndGet(at, Math::max);
                 steady.completed(done.incrementAndGet(), at);
             })) {
            if (target.kafka()) {
                Thread.sleep(3_000); // let the workers' consumer group form before the clock starts
            }
            long start = System.nanoTime();
            long deadline = start + TimeUnit.MINUTES.toNanos(3);
            EngineBackend backend = target.backend();
            Semaphore inFlight = new Semaphore(KAFKA_IN_FLIGHT);
            for (int i = 0; i < n; i++) {
                if (ratePerS > 0) {
                    long due = start + (long) (i * 1e9 / ratePerS);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                ExecutionId id = PartitionConfig.DEFAULT.mintedExecutionId(UUID.randomUUID());
                CreateExecutionArgs args = new CreateExecutionArgs(id, ns, lane, "bench", payload, null, 0, "bench",
                        null, Map.of(), routing.policyOf(i), null, null, id.partition(), System.currentTimeMillis());
                indexOf.put(id, i);
                long t0 = System.nanoTime();
                submittedAt.put(id, t0);
                if (target.kafka()) {
                    inFlight.acquire();
                    target.kafkaClient().commands().send(new EngineCommand.CreateExecution(args))
                            .whenComplete((reply, error) -> {
                                inFlight.release();
                                submitCalls.add(System.nanoTime() - t0);
                                if (error != null || !reply.ok()) {
                                    failure.compareAndSet(null, error != null ? error
                                            : new IllegalStateException("create refused: " + reply.error()));
                                }
                            });
                } else {
                    backend.createExecution(args);
                    submitCalls.add(System.nanoTime() - t0);
                }
                if (failure.get() != null) {
                    throw new IllegalStateException("submitting failed", failure.get());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " on " + target.mode + ": " + i + " of " + n
                            + " submitted and " + done.get() + " completed within 3 minutes");
                }
            }
            while (done.get() < n) {
                if (System.nanoTime() > deadline || failure.get() != null) {
                    throw new IllegalStateException(name + " on " + target.mode + ": " + done.get() + " of " + n
                            + " completed before the deadline", failure.get());
                }
                Thread.sleep(5);
            }
            if (misrouted.get() > 0) {
                throw new IllegalStateException(name + " on " + target.mode + ": " + misrouted.get()
                        + " executions completed by a worker lacking their capability");
            }
            BenchResult r = BenchResult.of(name, target.mode, "skein", params, endToEnd, lastDone.get() - start, true);
            steady.addTo(r);
            r.with(target.kafka() ? "create_command_round_trip_p50_ms" : "create_call_p50_ms",
                    submitCalls.percentileMs(0.5));
            if (ratePerS > 0) {
                r.with(target.kafka() ? "create_command_round_trip_p99_ms" : "create_call_p99_ms",
                        submitCalls.percentileMs(0.99));
            }
            if (!target.kafka()) {
                r.with("claim_call_p50_ms", pool.claimTimes.percentileMs(0.5));
                r.with("complete_call_p50_ms", pool.completeTimes.percentileMs(0.5));
            } else {
                r.with("streams_thread_metrics", target.streamsThreadMetrics());
            }
            return r;
        }
    }
}
