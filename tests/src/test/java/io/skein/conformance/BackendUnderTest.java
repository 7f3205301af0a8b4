package io.skein.conformance;

import io.skein.core.api.EngineBackend;
import io.skein.core.time.ManualClock;

/**
 * One fresh backend for one test: the backend, its manual clock, the timer trigger and raw-state fixtures
 * (spec 06 harness). No timer loop runs; timers fire only through {@link #runDue()}.
 */
public interface BackendUnderTest extends AutoCloseable {

    EngineBackend backend();

    ManualClock clock();

    /** Runs every due timer once, in the order of spec 05 §4. */
    void runDue();

    Fixtures fixtures();

    /** Configures timer 14's retention the way {@code FF_RETENTION_MS} does (0 keeps every execution). */
    void retainTerminalExecutionsFor(long retentionMs);

    @Override
    void close();
}
