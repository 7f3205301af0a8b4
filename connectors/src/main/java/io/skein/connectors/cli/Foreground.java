package io.skein.connectors.cli;

import java.util.concurrent.CountDownLatch;

/** Keeps a started command in the foreground until a stop request or SIGTERM/SIGINT, then drains it once. */
final class Foreground {

    private Foreground() {
    }

    /**
     * Waits for {@code stopRequested}; a signal runs {@code stop} from the shutdown hook instead and ends the JVM
     * with exit 0 once drained (spec 03 §4), not the JVM's 128 + signal.
     */
    static void runUntilStopped(CountDownLatch stopRequested, Runnable stop) throws InterruptedException {
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            stop.run();
            Runtime.getRuntime().halt(0);
        }, "skein-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopRequested.await();
        stop.run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running: it drains the same session, which stops only once
        }
    }
}
