package io.skein.bench;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.Handle;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.error.EngineException;
import io.skein.core.handle.HandleCodec;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.PublicState;
import io.skein.sql.engine.TimerIntervals;
import io.skein.sql.engine.TimerScanner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code long_running}: executions that hold their lease for {@code duration}, renewing it every third of its TTL,
 * on W workers with two slots each (one spare). Half way through, worker 0 is killed: its threads stop dead, no
 * renewal, no completion. Its executions' leases expire, the timers re-queue them and the surviving workers reclaim
 * and finish them. Reports the renew call latency, how long the killed worker's executions took from the kill to
 * their reclaim, and checks that every execution ends {@code completed}.
 */
final class LongRunning {

    static final String NAME = "long_running";
    private static final int SLOTS_PER_WORKER = 2;

    private LongRunning() {}

    static BenchResult run(BenchTarget target, int workers, Duration duration, Duration leaseTtl) throws Exception {
        LaneId lane = LaneId.of("long-" + Long.toHexString(System.nanoTime() & 0xffffff));
        EngineBackend backend = target.backend();
        int executions = workers; // one per worker at first; the spare slots take the killed worker's ones
        Latencies renewals = new Latencies(1 << 16);
        Latencies recovery = new Latencies(executions);
        Set<ExecutionId> killedHeld = ConcurrentHashMap.newKeySet();
        Map<ExecutionId, Boolean> completed = new ConcurrentHashMap<>();
        AtomicInteger leasesLost = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean workerZeroAlive = new AtomicBoolean(true);
        long[] killedAt = {0};

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("executions", executions);
        params.put("workers", workers);
        params.put("slots_per_worker", SLOTS_PER_WORKER);
        params.put("run_ms_per_execution", duration.toMillis());
        params.put("lease_ttl_ms", leaseTtl.toMillis());

        // direct modes run no timer scanner of their own; lease expiry needs one (Kafka mode's topology runs it)
        TimerScanner timers = target.kafka() ? null
                : target.sql.startTimers(TimerIntervals.every(Duration.ofMillis(250)));
        List<ExecutionId> ids = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try (Progress progress = Progress.reading(NAME + " " + target.mode, executions, completed::size)) {
            for (int i = 0; i < executions; i++) {
                ExecutionId id = PartitionConfig.DEFAULT.mintedExecutionId(UUID.randomUUID());
                backend.createExecution(new CreateExecutionArgs(id, Namespace.of("bench"), lane, "long", new byte[0],
                        null, 0, "bench", null, Map.of(), null, null, null, id.partition(),
                        System.currentTimeMillis()));
                ids.add(id);
            }
            long start = System.nanoTime();
            for (int w = 0; w < workers; w++) {
                for (int slot = 0; slot < SLOTS_PER_WORKER; slot++) {
                    boolean victim = w == 0;
                    ClaimPolicy policy = new ClaimPolicy(WorkerId.of(lane.value() + "-w" + w),
                            WorkerInstanceId.of(lane.value() + "-w" + w + "-" + slot), (int) leaseTtl.toMillis(),
                            null);
                    // the spare slot starts late, so each worker first takes one execution
                    long startDelayMs = slot == 0 ? 0 : 2_000;
                    Thread t = new Thread(() -> work(backend, lane, policy, victim, startDelayMs, duration,
                            leaseTtl, running, workerZeroAlive, renewals, recovery, killedHeld, killedAt, completed,
                            leasesLost), "bench-long-w" + w + "-" + slot);
                    t.setDaemon(true);
                    t.start();
                    threads.add(t);
                }
            }
            Thread.sleep(duration.toMillis() / 2);
            killedAt[0] = System.nanoTime();
            workerZeroAlive.set(false); // worker 0 dies: its threads stop without another call
            long deadline = System.nanoTime() + duration.multipliedBy(3).plus(leaseTtl.multipliedBy(4)).toNanos();
            while (completed.size() < executions) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(NAME + " on " + target.mode + ": " + completed.size() + " of "
                            + executions + " completed before the deadline");
                }
                Thread.sleep(50);
            }
            long elapsed = System.nanoTime() - start;
            for (ExecutionId id : ids) {
                Optional<PublicState> state = backend.readExecutionState(id);
                if (state.isEmpty() || state.get() != PublicState.COMPLETED) {
                    throw new IllegalStateException(id + " ended " + state.orElse(null) + ", expected completed");
                }
            }
            BenchResult r = BenchResult.of(NAME, target.mode, "skein", params, renewals, elapsed, false);
            r.with("renew_calls", renewals.count());
            r.with("killed_worker_executions", killedHeld.size());
            r.with("kill_to_reclaim_max_ms", recovery.count() == 0 ? 0.0 : recovery.percentileMs(1.0));
            r.with("leases_lost_by_survivors", leasesLost.get());
            r.with("latency_is", "renew call");
            return r;
        } finally {
            running.set(false);
            for (Thread t : threads) {
                t.join(leaseTtl.toMillis() + 5_000);
            }
            if (timers != null) {
                timers.stop(Duration.ofSeconds(5));
            }
        }
    }

    private static void work(EngineBackend backend, LaneId lane, ClaimPolicy policy, boolean victim,
                             long startDelayMs, Duration duration, Duration leaseTtl, AtomicBoolean running,
                             AtomicBoolean workerZeroAlive, Latencies renewals, Latencies recovery,
                             Set<ExecutionId> killedHeld, long[] killedAt, Map<ExecutionId, Boolean> completed,
                             AtomicInteger leasesLost) {
        sleep(startDelayMs);
        long renewEveryMs = Math.max(1, leaseTtl.toMillis() / 3);
        while (running.get() && (!victim || workerZeroAlive.get())) {
            Optional<Handle> claimed;
            try {
                claimed = backend.claim(lane, CapabilitySet.EMPTY, policy);
            } catch (EngineException busy) {
                sleep(100);
                continue;
            }
            if (claimed.isEmpty()) {
                sleep(100);
                continue;
            }
            Handle h = claimed.get();
            ExecutionId id = HandleCodec.peek(h).executionId();
            if (!victim && killedHeld.contains(id)) {
                recovery.add(System.nanoTime() - killedAt[0]);
            }
            long until = System.nanoTime() + duration.toNanos();
            boolean lost = false;
            while (System.nanoTime() < until) {
                sleep(renewEveryMs);
                if (victim && !workerZeroAlive.get()) {
                    killedHeld.add(id);
                    return; // killed: no renewal, no completion
                }
                long t0 = System.nanoTime();
                try {
                    backend.renew(h);
                } catch (EngineException e) {
                    leasesLost.incrementAndGet();
                    lost = true;
                    break;
                }
                renewals.add(System.nanoTime() - t0);
            }
            if (!lost) {
                backend.complete(h, WorkerPool.RESULT);
                completed.put(id, Boolean.TRUE);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
