package io.skein.connectors.client;

import io.skein.core.state.PublicState;
import java.time.Duration;
import java.util.function.Supplier;

/** Reads an execution's state until it ends or a deadline passes, backing off from 10 ms to 250 ms. */
final class Polling {

    private static final long FIRST_PAUSE_MS = 10;
    private static final long LONGEST_PAUSE_MS = 250;

    private Polling() {}

    /** The first terminal state read, or the last state read when {@code timeout} passed first. */
    static PublicState until(Duration timeout, Supplier<PublicState> read) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_MS;
        while (true) {
            PublicState state = read.get();
            long left = deadline - System.nanoTime();
            if (Outcome.isTerminal(state) || left <= 0) {
                return state;
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return state;
            }
            pause = Math.min(LONGEST_PAUSE_MS, pause * 2);
        }
    }
}
