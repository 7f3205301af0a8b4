package io.skein.bench;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.DeliverSignalArgs;
import io.skein.core.api.DeliverSignalResult;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.Frame;
import io.skein.core.api.FrameKind;
import io.skein.core.api.Handle;
import io.skein.core.api.ResumeCondition;
import io.skein.core.api.ResumePolicy;
import io.skein.core.api.SignalMatcher;
import io.skein.core.api.StreamCursor;
import io.skein.core.api.StreamFrame;
import io.skein.core.api.StreamFrames;
import io.skein.core.api.SuspendArgs;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.api.SuspensionReasonCode;
import io.skein.core.api.SuspensionRequester;
import io.skein.core.api.TailVisibility;
import io.skein.core.api.WaitpointBinding;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.handle.HandleCodec;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.SignalId;
import io.skein.core.id.SuspensionId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The single-execution latency scenarios, written once against {@link EngineBackend} so they run the same calls in
 * every mode: {@code suspend_signal_resume} and {@code stream_tail}.
 */
final class LatencyScenarios {

    static final String SUSPEND_SIGNAL_RESUME = "suspend_signal_resume";
    static final String STREAM_TAIL = "stream_tail";

    private LatencyScenarios() {}

    /**
     * Per round: create, claim, suspend on one fresh waitpoint (any signal resumes), then — timed — deliver the signal
     * with the waitpoint's HMAC token and claim until the resumed attempt is back in hand; then complete. Latency =
     * signal call start → resumed claim returned.
     */
    static BenchResult suspendSignalResume(BenchTarget target, int rounds) {
        EngineBackend backend = target.backend();
        LaneId lane = LaneId.of("ssr-" + Long.toHexString(System.nanoTime() & 0xffffff));
        target.ensureLane(lane);
        ClaimPolicy policy = new ClaimPolicy(WorkerId.of("ssr"), WorkerInstanceId.of("ssr-1"), 30_000, null);
        Latencies roundTrip = new Latencies(rounds);
        Latencies signalCalls = new Latencies(rounds);
        Latencies suspendCalls = new Latencies(rounds);
        long start = System.nanoTime();
        try (Progress progress = Progress.counting(SUSPEND_SIGNAL_RESUME + " " + target.mode, rounds)) {
            for (int i = 0; i < rounds; i++) {
                ExecutionId id = create(backend, lane, new byte[64]);
                Handle h = claimOwn(backend, lane, policy, id);
                WaitpointKey key = WaitpointKey.of("wpk:go");
                long s0 = System.nanoTime();
                SuspendOutcome out = backend.suspend(h, new SuspendArgs(SuspensionId.random(),
                        new ArrayList<>(List.of(new WaitpointBinding.Fresh(WaitpointId.random(), key))),
                        new ResumeCondition.Single(key, new SignalMatcher.Wildcard()), ResumePolicy.defaults(),
                        SuspensionReasonCode.WAITING_FOR_SIGNAL, SuspensionRequester.WORKER, null, null, null,
                        System.currentTimeMillis(), null));
                suspendCalls.add(System.nanoTime() - s0);
                if (!(out instanceof SuspendOutcome.Suspended suspended)) {
                    throw new IllegalStateException("suspend did not suspend: " + out);
                }
                long t0 = System.nanoTime();
                DeliverSignalResult signal = backend.deliverSignal(new DeliverSignalArgs(id,
                        suspended.details().waitpointId(), SignalId.random(), "go", "external", "webhook", "bench",
                        null, null, null, null, null, null, null, null, null, null,
                        suspended.details().waitpointToken(), System.currentTimeMillis()));
                signalCalls.add(System.nanoTime() - t0);
                if (!(signal instanceof DeliverSignalResult.Accepted)) {
                    throw new IllegalStateException("signal not accepted: " + signal);
                }
                Handle resumed = claimOwn(backend, lane, policy, id);
                roundTrip.add(System.nanoTime() - t0);
                backend.complete(resumed, WorkerPool.RESULT);
                progress.step();
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("rounds", rounds);
        return BenchResult.of(SUSPEND_SIGNAL_RESUME, target.mode, "skein", params, roundTrip,
                        System.nanoTime() - start, false)
                .with("deliver_signal_call_p50_ms", signalCalls.percentileMs(0.5))
                .with("suspend_call_p50_ms", suspendCalls.percentileMs(0.5));
    }

    /**
     * One claimed execution; a tailer blocks in {@code tailStream} after the last frame it saw while the attempt
     * appends frames one at a time (the next once the previous arrived). Latency = append call start → the tail
     * returning that frame.
     */
    static BenchResult streamTail(BenchTarget target, int frames) throws Exception {
        EngineBackend backend = target.backend();
        LaneId lane = LaneId.of("tail-" + Long.toHexString(System.nanoTime() & 0xffffff));
        target.ensureLane(lane);
        ClaimPolicy policy = new ClaimPolicy(WorkerId.of("tail"), WorkerInstanceId.of("tail-1"), 60_000, null);
        ExecutionId id = create(backend, lane, new byte[16]);
        Handle h = claimOwn(backend, lane, policy, id);
        int attempt = HandleCodec.peek(h).attemptIndex();
        // the first frame (not timed) gives the tailer a concrete cursor
        String firstId = backend.appendFrame(h, frame(-1)).streamId();
        Latencies latencies = new Latencies(frames);
        Latencies appendCalls = new Latencies(frames);
        AtomicLong appendStarted = new AtomicLong();
        AtomicLong seen = new AtomicLong(-1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread tailer = new Thread(() -> {
            try {
                StreamCursor after = StreamCursor.At.of(io.skein.core.api.StreamFrameId.parse(firstId));
                while (seen.get() < frames - 1) {
                    StreamFrames got = backend.tailStream(id, attempt, after, 5_000, 100, TailVisibility.ALL);
                    long at = System.nanoTime();
                    for (StreamFrame f : got.frames()) {
                        latencies.add(at - appendStarted.get());
                        seen.incrementAndGet();
                        after = StreamCursor.At.of(f.id());
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "bench-tailer");
        tailer.start();
        long start = System.nanoTime();
        try (Progress progress = Progress.reading(STREAM_TAIL + " " + target.mode, frames, () -> seen.get() + 1)) {
            for (int i = 0; i < frames; i++) {
                Thread.sleep(2); // the tailer is parked again before the next append
                long t0 = System.nanoTime();
                appendStarted.set(t0);
                backend.appendFrame(h, frame(i));
                appendCalls.add(System.nanoTime() - t0);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (seen.get() < i && failure.get() == null) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("frame " + i + " never reached the tail");
                    }
                    LockSupport.parkNanos(50_000);
                }
                if (failure.get() != null) {
                    throw new IllegalStateException("the tail failed", failure.get());
                }
            }
        }
        tailer.join(10_000);
        backend.complete(h, WorkerPool.RESULT);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("frames", frames);
        return BenchResult.of(STREAM_TAIL, target.mode, "skein", params, latencies, System.nanoTime() - start, false)
                .with("append_call_p50_ms", appendCalls.percentileMs(0.5));
    }

    private static Frame frame(int i) {
        return new Frame(ByteBuffer.allocate(4).putInt(i).array(), FrameKind.STDOUT, null, null, null);
    }

    static ExecutionId create(EngineBackend backend, LaneId lane, byte[] payload) {
        ExecutionId id = PartitionConfig.DEFAULT.mintedExecutionId(UUID.randomUUID());
        backend.createExecution(new CreateExecutionArgs(id, Namespace.of("bench"), lane, "bench", payload, null, 0,
                "bench", null, Map.of(), null, null, null, id.partition(), System.currentTimeMillis()));
        return id;
    }

    /** Claims from {@code lane} until {@code id} is in hand (the lane holds nothing else of this scenario). */
    static Handle claimOwn(EngineBackend backend, LaneId lane, ClaimPolicy policy, ExecutionId id) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Optional<Handle> h = backend.claim(lane, CapabilitySet.EMPTY, policy);
            if (h.isPresent()) {
                if (!HandleCodec.peek(h.get()).executionId().equals(id)) {
                    throw new IllegalStateException("claimed another execution than " + id);
                }
                return h.get();
            }
            LockSupport.parkNanos(200_000);
        }
        throw new IllegalStateException("could not claim " + id + " within 30 s");
    }
}
