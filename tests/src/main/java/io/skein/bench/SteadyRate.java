package io.skein.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The steady-state rate of a run of {@code n} completions: the completions from the half-way mark to 95 %, past the
 * start-up (JIT, consumer groups, queues filling) and the tail (the last stragglers), over the time between them.
 */
final class SteadyRate {

    private final int from;
    private final int to;
    private final AtomicLong fromAt = new AtomicLong();
    private final AtomicLong toAt = new AtomicLong();

    SteadyRate(int n) {
        this.from = n / 2;
        this.to = Math.max(from + 1, (int) (n * 0.95));
    }

    /** The {@code count}-th completion happened at {@code atNanos}. */
    void completed(int count, long atNanos) {
        if (count == from) {
            fromAt.set(atNanos);
        } else if (count == to) {
            toAt.set(atNanos);
        }
    }

    /** Adds {@code steady_per_s} to {@code result} once the window closed. */
    BenchResult addTo(BenchResult result) {
        if (fromAt.get() > 0 && toAt.get() > fromAt.get()) {
            result.with("steady_per_s", Math.round((to - from) * 1e9 / (toAt.get() - fromAt.get())));
        }
        return result;
    }
}
