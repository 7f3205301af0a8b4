package io.skein.sql.engine;

/**
 * How a timer pass runs its items (spec 05 §4 "each item is its own unit of work"). {@code runDue} runs each item at
 * once and lets a failure propagate; the {@link TimerScanner} counts failures per item and skips an item that keeps
 * failing.
 */
@FunctionalInterface
public interface TimerItems {

    /** Runs every item immediately; an item's failure propagates to the caller. */
    TimerItems DIRECT = (key, unit) -> unit.run();

    /**
     * Runs one item.
     *
     * @param key  identifies the item across passes (an execution id, a budget id, a table name…)
     * @param unit the item's unit of work
     */
    void run(Object key, Runnable unit);
}
