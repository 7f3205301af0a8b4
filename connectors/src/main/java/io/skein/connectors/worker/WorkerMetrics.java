package io.skein.connectors.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker's own meters (issue #18), tagged by lane and worker id, so a dashboard shows what the workers see beside
 * what the engine sees: {@code ff_worker_grants_total{result}} (claimed, released, skipped),
 * {@code ff_worker_attempts_total{kind,outcome}} (completed, failed, suspended, lease_lost),
 * {@code ff_worker_handler_duration_seconds{kind}}, {@code ff_worker_at_capacity_total}, and the gauges
 * {@code ff_worker_in_flight} and {@code ff_worker_capacity} (also tagged by instance: one series per process).
 */
public final class WorkerMetrics {

    private final MeterRegistry registry;
    private final String lane;
    private final String worker;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter atCapacity;

    public WorkerMetrics(MeterRegistry registry, String lane, String worker, String instance, int capacity) {
        this.registry = registry;
        this.lane = lane;
        this.worker = worker;
        Gauge.builder("ff_worker_in_flight", inFlight, AtomicInteger::get)
                .description("Attempts this worker process is running now")
                .tags("lane", lane, "worker", worker, "instance", instance).register(registry);
        Gauge.builder("ff_worker_capacity", () -> capacity)
                .description("Attempts this worker process runs at once at most")
                .tags("lane", lane, "worker", worker, "instance", instance).register(registry);
        atCapacity = Counter.builder("ff_worker_at_capacity")
                .description("Times the worker stopped taking work because every slot was busy")
                .tags("lane", lane, "worker", worker).register(registry);
    }

    /** A grant (or claimed work) ended as {@code result}: claimed, released or skipped. */
    public void grant(String result) {
        Counter.builder("ff_worker_grants").description("Grants the worker took, by what became of them")
                .tags("lane", lane, "worker", worker, "result", result).register(registry).increment();
    }

    public void atCapacity() {
        atCapacity.increment();
    }

    public void started() {
        inFlight.incrementAndGet();
    }

    /** An attempt of {@code kind} this worker ran ended as {@code outcome} after {@code nanos}. */
    public void ended(String kind, String outcome, long nanos) {
        inFlight.decrementAndGet();
        Counter.builder("ff_worker_attempts").description("Attempts the worker ran, by kind and outcome")
                .tags("lane", lane, "worker", worker, "kind", kind, "outcome", outcome).register(registry)
                .increment();
        Timer.builder("ff_worker_handler_duration").description("How long the worker's handler ran, by kind")
                .tags("lane", lane, "worker", worker, "kind", kind)
                .serviceLevelObjectives(io.skein.connectors.http.HttpMetrics.LATENCY_BUCKETS)
                .register(registry).record(Duration.ofNanos(nanos));
    }

    public int inFlight() {
        return inFlight.get();
    }
}
