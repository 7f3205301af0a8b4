package io.skein.bench;

import io.skein.connectors.worker.SkeinWorker;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.Handle;
import io.skein.core.handle.HandleCodec;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * W workers of one lane that claim and complete whatever they get, reporting each completion. Direct modes: W threads
 * looping {@code claim} → {@code complete} on the backend, parking 0.5 ms when the lane is empty. Kafka modes: W
 * {@link SkeinWorker}s (the lane's consumer group), each running up to {@code capacity} handlers at once.
 */
final class WorkerPool implements AutoCloseable {

    /** Told of each completed execution with {@link System#nanoTime()} just after its complete returned. */
    interface Completions {
        void completed(ExecutionId id, long atNanos);
    }

    /** As {@link Completions}, also told which worker (0-based) completed it. */
    interface WorkerCompletions {
        void completed(ExecutionId id, long atNanos, int worker);
    }

    static final byte[] RESULT = new byte[16];

    private final List<Thread> threads = new ArrayList<>();
    private final List<SkeinWorker> workers = new ArrayList<>();
    private volatile boolean running = true;
    /** Direct mode only: time of each claim call that returned work, and of each complete call. */
    final Latencies claimTimes;
    final Latencies completeTimes;

    private WorkerPool(int expected) {
        this.claimTimes = new Latencies(expected);
        this.completeTimes = new Latencies(expected);
    }

    static WorkerPool start(BenchTarget target, LaneId lane, int workerCount, int capacity, int expected,
                            Completions completions) {
        return start(target, lane, workerCount, capacity, expected, w -> CapabilitySet.EMPTY,
                (id, at, w) -> completions.completed(id, at));
    }

    /** Workers that each offer {@code offered.apply(w)} (a worker claims only executions it can serve). */
    static WorkerPool start(BenchTarget target, LaneId lane, int workerCount, int capacity, int expected,
                            java.util.function.IntFunction<CapabilitySet> offered, WorkerCompletions completions) {
        WorkerPool pool = new WorkerPool(expected);
        if (target.kafka()) {
            target.ensureLane(lane);
            for (int w = 0; w < workerCount; w++) {
                int index = w;
                SkeinWorker worker = target.worker(lane, lane.value() + "-w" + w, capacity, offered.apply(w))
                        .onAny(ctx -> {
                            ctx.complete(RESULT);
                            completions.completed(ctx.executionId(), System.nanoTime(), index);
                        });
                pool.workers.add(worker.start());
            }
            return pool;
        }
        EngineBackend backend = target.backend();
        for (int w = 0; w < workerCount; w++) {
            ClaimPolicy policy = new ClaimPolicy(WorkerId.of(lane.value() + "-w" + w),
                    WorkerInstanceId.of(lane.value() + "-w" + w + "-1"), 30_000, null);
            int index = w;
            CapabilitySet capabilities = offered.apply(w);
            Thread t = new Thread(() -> {
                while (pool.running) {
                    long t0 = System.nanoTime();
                    Optional<Handle> h = backend.claim(lane, capabilities, policy);
                    if (h.isEmpty()) {
                        LockSupport.parkNanos(500_000);
                        continue;
                    }
                    long t1 = System.nanoTime();
                    backend.complete(h.get(), RESULT);
                    long t2 = System.nanoTime();
                    pool.claimTimes.add(t1 - t0);
                    pool.completeTimes.add(t2 - t1);
                    completions.completed(HandleCodec.peek(h.get()).executionId(), t2, index);
                }
            }, "bench-" + lane.value() + "-w" + w);
            t.setDaemon(true);
            t.start();
            pool.threads.add(t);
        }
        return pool;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(10_000);
        }
        for (SkeinWorker w : workers) {
            w.close();
        }
    }
}
