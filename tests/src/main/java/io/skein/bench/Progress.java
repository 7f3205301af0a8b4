package io.skein.bench;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A progress bar on stderr for runs that take a while: redrawn every 250 ms from a daemon thread while the work
 * goes on, finished with a newline on {@link #close()}. Work is counted by the caller ({@link #step()}) or read from a
 * supplier.
 */
final class Progress implements AutoCloseable {

    private static final int WIDTH = 30;

    private final String label;
    private final long total;
    private final AtomicLong done = new AtomicLong();
    private final LongSupplier source;
    private final long startNanos = System.nanoTime();
    private final Thread painter;
    private volatile boolean running = true;

    private Progress(String label, long total, LongSupplier source) {
        this.label = label;
        this.total = Math.max(total, 1);
        this.source = source == null ? done::get : source;
        this.painter = new Thread(() -> {
            while (running) {
                paint();
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-progress");
        painter.setDaemon(true);
        painter.start();
    }

    static Progress counting(String label, long total) {
        return new Progress(label, total, null);
    }

    static Progress reading(String label, long total, LongSupplier source) {
        return new Progress(label, total, source);
    }

    void step() {
        done.incrementAndGet();
    }

    private void paint() {
        long now = Math.min(source.getAsLong(), total);
        int filled = (int) (WIDTH * now / total);
        double secs = (System.nanoTime() - startNanos) / 1e9;
        System.err.printf(Locale.ROOT, "\r  %-44s [%s%s] %3d%% %d/%d %.1fs", label, "#".repeat(filled),
                " ".repeat(WIDTH - filled), 100 * now / total, now, total, secs);
        System.err.flush();
    }

    @Override
    public void close() {
        running = false;
        painter.interrupt();
        try {
            painter.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        paint();
        System.err.println();
    }
}
