package io.skein.connectors.client;

import io.skein.core.state.PublicState;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Reads something until it is what the caller waits for or a deadline passes, backing off from 10 ms to 250 ms. */
public final class Polling {

    private static final long FIRST_PAUSE_MS = 10;
    private static final long LONGEST_PAUSE_MS = 250;

    private Polling() {}

    /**
     * The first value read that {@code done} accepts, or the last one read when {@code timeout} (null: none) passed
     * first.
     */
    public static <T> T until(Duration timeout, Supplier<T> read, Predicate<T> done) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_MS;
        while (true) {
            T value = read.get();
            long left = deadline - System.nanoTime();
            if (done.test(value) || left <= 0) {
                return value;
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SkeinClientException("interrupted while waiting");
            }
            pause = Math.min(LONGEST_PAUSE_MS, pause * 2);
        }
    }

    /** The first terminal state read, or the last state read when {@code timeout} passed first. */
    static PublicState until(Duration timeout, Supplier<PublicState> read) {
        return until(timeout, read, Outcome::isTerminal);
    }
}
