package io.skein.engine;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Units of work of their own, as the engine asks the store for them: work handed on to further transactions (spec
 * 01 §1 follow-up units, a flow cancel's owed members) and the reads that select it. The store runs each in a
 * transaction of its own.
 */
public interface Units {

    /** Runs {@code work} in a unit that commits when it returns and rolls back when it throws (which propagates). */
    <T> T write(Function<EngineUnit, T> work);

    /** Runs {@code work} in a unit that only reads. */
    <T> T read(Function<EngineUnit, T> work);

    /** {@link #write} of work that returns nothing. */
    default void run(Consumer<EngineUnit> work) {
        write(unit -> {
            work.accept(unit);
            return null;
        });
    }
}
