package io.skein.bench;

import java.util.Arrays;

/** A fixed-size, thread-safe-by-slot record of latencies in nanoseconds and its percentiles. */
final class Latencies {

    private final long[] nanos;
    private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

    Latencies(int capacity) {
        this.nanos = new long[capacity];
    }

    void add(long elapsedNanos) {
        int slot = count.getAndIncrement();
        if (slot < nanos.length) {
            nanos[slot] = elapsedNanos;
        }
    }

    int count() {
        return Math.min(count.get(), nanos.length);
    }

    /** Milliseconds at quantile {@code q} (0..1), nearest-rank; 0 when nothing was recorded. */
    double percentileMs(double q) {
        long[] sorted = Arrays.copyOf(nanos, count());
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return 0;
        }
        int idx = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(idx, 0)] / 1e6;
    }

    double meanMs() {
        int n = count();
        if (n == 0) {
            return 0;
        }
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += nanos[i];
        }
        return sum / 1e6 / n;
    }
}
