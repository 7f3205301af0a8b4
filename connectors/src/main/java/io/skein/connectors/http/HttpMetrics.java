package io.skein.connectors.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * The server's Prometheus registry (spec 03 §2.5): {@code ff_http_requests_total{method,route,status}} and
 * {@code ff_http_request_duration_seconds{method,route,status}}, labelled by route template ({@code unknown} when
 * nothing matched), plus {@code ff_shutdown_timeout_total}.
 */
public final class HttpMetrics {

    /** The Prometheus text exposition format version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter shutdownTimeouts;

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

    /** The text exposition. */
    public String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }
}
