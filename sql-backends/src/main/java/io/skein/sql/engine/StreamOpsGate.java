package io.skein.sql.engine;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.sql.BackendStartException;
import io.skein.sql.StartFailure;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The bound on stream reads and tails in flight (spec 04 §3.5, {@code FF_MAX_CONCURRENT_STREAM_OPS}): an operation
 * {@link #enter}s before it touches the store and leaves when it returns; one more than the bound is refused with
 * {@code ResourceExhausted}. Shutdown waits on {@link #awaitIdle} for the ones in flight.
 */
public final class StreamOpsGate {

    public static final int DEFAULT_MAX = 64;
    public static final String ENV = "FF_MAX_CONCURRENT_STREAM_OPS";
    public static final String LEGACY_ENV = "FF_MAX_CONCURRENT_TAIL";
    /** The pool name {@code ResourceExhausted} reports. */
    public static final String POOL = "stream_ops";

    private final int max;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int inFlight;

    public StreamOpsGate(int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be > 0, got " + max);
        }
        this.max = max;
    }

    /**
     * Reads {@value #ENV} (or the legacy {@value #LEGACY_ENV}); unset means {@value #DEFAULT_MAX}.
     *
     * @throws BackendStartException {@link StartFailure#INVALID_CONFIGURATION} when set but not a positive integer
     */
    public static int maxFromEnvironment(Function<String, String> env) {
        String name = env.apply(ENV) != null ? ENV : LEGACY_ENV;
        String text = env.apply(name);
        if (text == null) {
            return DEFAULT_MAX;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BackendStartException(StartFailure.INVALID_CONFIGURATION,
                name + " must be a positive integer, got '" + text + "'");
    }

    public int max() {
        return max;
    }

    /** One admitted operation; closing it frees the slot. */
    public final class Permit implements AutoCloseable {
        private boolean released;

        private Permit() {}

        @Override
        public void close() {
            if (released) {
                return;
            }
            released = true;
            lock.lock();
            try {
                if (--inFlight == 0) {
                    idle.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Admits one operation or refuses it with {@code ResourceExhausted{pool "stream_ops", max}}. */
    public Permit enter() {
        lock.lock();
        try {
            if (inFlight >= max) {
                throw new EngineException(new EngineError.ResourceExhausted(POOL, max, null));
            }
            inFlight++;
            return new Permit();
        } finally {
            lock.unlock();
        }
    }

    /** Operations admitted and not yet returned. */
    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no operation is in flight or {@code grace} passes; true when idle. */
    public boolean awaitIdle(Duration grace) {
        long graceNanos = grace == null || grace.isNegative() ? 0
                : grace.compareTo(Duration.ofDays(1)) > 0 ? TimeUnit.DAYS.toNanos(1) : grace.toNanos();
        long deadline = System.nanoTime() + graceNanos;
        lock.lock();
        try {
            while (inFlight > 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                try {
                    idle.awaitNanos(Math.min(remaining, TimeUnit.DAYS.toNanos(1)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
