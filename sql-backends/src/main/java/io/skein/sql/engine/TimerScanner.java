package io.skein.sql.engine;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The direct-mode timer loops of spec 05 §4: one fixed-delay loop per {@link EngineTimer}, first pass at start, on
 * daemon threads. Each item of a pass is its own unit; an item failing {@value #FAILURES_BEFORE_SKIP} times in a row
 * is skipped for the next {@value #SKIPPED_PASSES} passes of its timer. Errors are logged and counted, never fatal:
 * a failing pass never ends its loop. {@link #stop} lets the item in flight finish and runs no further item.
 */
public final class TimerScanner {

    /** Runs one pass of a timer, handing each item to {@code items}. */
    @FunctionalInterface
    public interface Target {
        void runTimer(EngineTimer timer, TimerItems items);
    }

    public static final int FAILURES_BEFORE_SKIP = 3;
    public static final int SKIPPED_PASSES = 10;
    private static final int THREADS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(TimerScanner.class);

    private final Target target;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong errors = new AtomicLong();
    private final Map<EngineTimer, Strikes> strikes = new EnumMap<>(EngineTimer.class);
    private final Map<EngineTimer, AtomicLong> passes = new EnumMap<>(EngineTimer.class);

    private TimerScanner(Target target) {
        this.target = Objects.requireNonNull(target, "target");
        AtomicInteger n = new AtomicInteger();
        ThreadFactory daemons = r -> {
            Thread t = new Thread(r, "skein-timer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = new ScheduledThreadPoolExecutor(THREADS, daemons);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        for (EngineTimer timer : EngineTimer.values()) {
            strikes.put(timer, new Strikes());
            passes.put(timer, new AtomicLong());
        }
    }

    /** Creates the scanner without starting any loop; {@link #runPass} drives it by hand. */
    static TimerScanner idle(Target target) {
        return new TimerScanner(target);
    }

    /** Starts one loop per timer at its interval; the first pass of each runs at once. */
    public static TimerScanner start(TimerIntervals intervals, Target target) {
        TimerScanner scanner = new TimerScanner(target);
        for (EngineTimer timer : EngineTimer.values()) {
            long every = intervals.of(timer).toNanos();
            scanner.executor.scheduleWithFixedDelay(() -> scanner.runPass(timer), 0, every, TimeUnit.NANOSECONDS);
        }
        return scanner;
    }

    /** One pass of {@code timer}, as its loop runs it: never throws. */
    public void runPass(EngineTimer timer) {
        if (stopping.get()) {
            return;
        }
        Strikes s = strikes.get(timer);
        long pass;
        synchronized (s) {
            pass = ++s.pass;
        }
        try {
            target.runTimer(timer, (key, unit) -> runItem(timer, s, pass, key, unit));
        } catch (RuntimeException e) {
            if (!stopping.get()) {
                errors.incrementAndGet();
                LOG.warn("Timer {} pass failed before its items; the next pass retries", timer.timerName(), e);
            }
        } finally {
            passes.get(timer).incrementAndGet();
        }
    }

    private void runItem(EngineTimer timer, Strikes s, long pass, Object key, Runnable unit) {
        if (stopping.get()) {
            return;
        }
        synchronized (s) {
            Long skipThrough = s.skipThrough.get(key);
            if (skipThrough != null && pass <= skipThrough) {
                return;
            }
        }
        try {
            unit.run();
            synchronized (s) {
                s.failures.remove(key);
                s.skipThrough.remove(key);
            }
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            int inARow;
            synchronized (s) {
                inARow = s.failures.merge(key, 1, Integer::sum);
                if (inARow >= FAILURES_BEFORE_SKIP) {
                    s.failures.remove(key);
                    s.skipThrough.put(key, pass + SKIPPED_PASSES);
                }
            }
            if (inARow >= FAILURES_BEFORE_SKIP) {
                LOG.warn("Timer {} item {} failed {} times in a row; skipping it for {} passes", timer.timerName(),
                        key, inARow, SKIPPED_PASSES, e);
            } else {
                LOG.warn("Timer {} item {} failed; retried next pass", timer.timerName(), key, e);
            }
        }
    }

    /**
     * Stops every loop between items: no item starts after this call; the items in flight get up to {@code grace}
     * to finish.
     *
     * @return whether every loop ended within the grace
     */
    public boolean stop(Duration grace) {
        stopping.set(true);
        executor.shutdown();
        try {
            return executor.awaitTermination(Math.max(0, grace.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return executor.isTerminated();
        }
    }

    /** Whether {@link #stop} was called and every loop has ended. */
    public boolean isTerminated() {
        return stopping.get() && executor.isTerminated();
    }

    /** Failed items and failed passes since start (the timers' error counter). */
    public long errorCount() {
        return errors.get();
    }

    /** Completed passes of {@code timer}. */
    public long passCount(EngineTimer timer) {
        return passes.get(timer).get();
    }

    /** Per-timer failure bookkeeping, keyed by item. */
    private static final class Strikes {
        long pass;
        final Map<Object, Integer> failures = new HashMap<>();
        final Map<Object, Long> skipThrough = new HashMap<>();
    }
}
