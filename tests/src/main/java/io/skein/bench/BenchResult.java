package io.skein.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured row: which scenario on which mode, which system ({@code variant}: skein or a peer), its parameters,
 * how many units of work, how long, the throughput (null for a pure latency scenario) and the latency distribution
 * of one unit, plus scenario-specific figures in {@code extra} (e.g. per-operation times).
 */
record BenchResult(String scenario, String mode, String variant, Map<String, Object> params, int count,
                   double seconds, Double perSecond, double p50Ms, double p99Ms, double maxMs,
                   Map<String, Object> extra) {

    static BenchResult of(String scenario, String mode, String variant, Map<String, Object> params,
                          Latencies latencies, long elapsedNanos, boolean throughput) {
        double seconds = elapsedNanos / 1e9;
        int n = latencies.count();
        return new BenchResult(scenario, mode, variant, new LinkedHashMap<>(params), n, round(seconds, 3),
                throughput ? round(n / seconds, 1) : null, round(latencies.percentileMs(0.50), 3),
                round(latencies.percentileMs(0.99), 3), round(latencies.percentileMs(1.0), 3), new LinkedHashMap<>());
    }

    /** A scenario that did not finish: no numbers, the reason in {@code extra.error}. */
    static BenchResult failed(String scenario, String mode, String variant, String error) {
        BenchResult r = new BenchResult(scenario, mode, variant, new LinkedHashMap<>(), 0, 0, null, 0, 0, 0,
                new LinkedHashMap<>());
        return r.with("error", error);
    }

    boolean ok() {
        return !extra.containsKey("error");
    }

    BenchResult with(String key, Object value) {
        extra.put(key, value instanceof Double d ? round(d, 3) : value);
        return this;
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
