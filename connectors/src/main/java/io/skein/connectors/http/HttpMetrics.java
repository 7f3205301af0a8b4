package io.skein.connectors.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.skein.sql.engine.EngineFigures;
import io.skein.sql.engine.SqlEngineBackend;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's Prometheus registry (spec 03 §2.5): {@code ff_http_requests_total{method,route,status}} and
 * {@code ff_http_request_duration_seconds{method,route,status}}, labelled by route template ({@code unknown} when
 * nothing matched), plus {@code ff_shutdown_timeout_total}, and the engine's figures once {@link #bindEngine} is
 * called: counters, the per-lane queue depth, and the per-lane histograms
 * {@code ff_engine_schedule_to_start_seconds{lane}} and {@code ff_engine_attempt_duration_seconds{lane,outcome}}.
 */
public final class HttpMetrics {

    /** The Prometheus text exposition format version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter shutdownTimeouts;
    private final Map<String, AtomicLong> queueDepths = new ConcurrentHashMap<>();
    private final java.util.Set<EngineFigures.CommandKey> countedCommands = ConcurrentHashMap.newKeySet();
    /** Refreshes the engine meters before a scrape; nothing until {@link #bindEngine}. */
    private volatile Runnable engine = () -> { };

    public HttpMetrics() {
        shutdownTimeouts = Counter.builder("ff_shutdown_timeout")
                .description("Requests cut off by the shutdown grace deadline").register(registry);
    }

    void record(String method, String route, int status, long nanos) {
        String statusText = Integer.toString(status);
        Counter.builder("ff_http_requests")
                .description("HTTP requests by method, route template and status")
                .tags("method", method, "route", route, "status", statusText)
                .register(registry).increment();
        Timer.builder("ff_http_request_duration")
                .description("HTTP request duration by method, route template and status")
                .tags("method", method, "route", route, "status", statusText)
                .register(registry).record(Duration.ofNanos(nanos));
    }

    void shutdownTimeout() {
        shutdownTimeouts.increment();
    }

    /** The registry, for components that add their own meters. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Adds the engine figures of {@code store} (issue #6): {@code ff_engine_commands_total{type,outcome}},
     * {@code ff_engine_claims_total}, {@code ff_engine_lease_expiries_total} (this process's work since start) and
     * {@code ff_engine_queue_depth{lane}} (eligible runnable executions per lane, read from the store at scrape).
     */
    void bindEngine(SqlEngineBackend store) {
        EngineFigures figures = store.figures();
        figures.timings(new EngineTimings(registry));
        FunctionCounter.builder("ff_engine_claims", figures, EngineFigures::claims)
                .description("Claims (new or resumed leases) this engine instance committed").register(registry);
        FunctionCounter.builder("ff_engine_lease_expiries", figures, EngineFigures::leaseExpiries)
                .description("Leases this engine instance's timers found expired").register(registry);
        engine = () -> {
            figures.commands().keySet().stream().filter(countedCommands::add)
                    .forEach(key -> commandCounter(figures, key));
            Map<String, Long> depths;
            try {
                depths = store.readyDepthByLane();
            } catch (RuntimeException unavailable) {
                return; // the store does not answer: the depth gauges keep their last reading
            }
            queueDepths.keySet().forEach(lane -> queueDepths.get(lane).set(depths.getOrDefault(lane, 0L)));
            depths.forEach((lane, depth) -> queueDepths.computeIfAbsent(lane, l -> {
                AtomicLong value = new AtomicLong();
                Gauge.builder("ff_engine_queue_depth", value, AtomicLong::get)
                        .description("Runnable executions eligible now, per lane").tag("lane", l).register(registry);
                return value;
            }).set(depth));
        };
    }

    private void commandCounter(EngineFigures figures, EngineFigures.CommandKey key) {
        FunctionCounter.builder("ff_engine_commands", figures, f -> f.commands().getOrDefault(key, 0L))
                .description("Commands processed by this engine instance, by type and outcome")
                .tags("type", key.type(), "outcome", key.outcome()).register(registry);
    }

    /** The text exposition (engine figures are brought up to date first). */
    public String scrape() {
        engine.run();
        return registry.scrape(CONTENT_TYPE);
    }

    /** Bucket bounds of the engine's latency histograms: milliseconds to minutes, what a job queue spans. */
    public static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15)};

    /** The engine's timed figures as Prometheus histograms, one series per lane (and outcome). */
    private record EngineTimings(PrometheusMeterRegistry registry) implements EngineFigures.Timings {
        @Override
        public void scheduleToStart(String lane, long millis) {
            Timer.builder("ff_engine_schedule_to_start")
                    .description("From claimable (created, promoted, retried, resumed) to claimed, per lane")
                    .tag("lane", lane).serviceLevelObjectives(LATENCY_BUCKETS).register(registry)
                    .record(Duration.ofMillis(millis));
        }

        @Override
        public void attemptEnded(String lane, String outcome, long millis) {
            Timer.builder("ff_engine_attempt_duration")
                    .description("From an attempt's start to its end, per lane and final outcome")
                    .tags("lane", lane, "outcome", outcome).serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(registry).record(Duration.ofMillis(millis));
        }
    }
}
