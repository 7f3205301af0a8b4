package io.skein.engine.state.memory;

import io.skein.core.handle.HandleIssuer;
import io.skein.engine.EngineUnit;
import io.skein.engine.Units;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Units of their own over an {@link InMemoryEngineState}: each begins at the clock's reading, commits when its work
 * returns (then runs its post-commit work) and rolls back when it throws. The state holds one open unit at a time, so
 * work handed on runs after the unit that handed it on has committed, as it does on a SQL store.
 */
public final class InMemoryUnits implements Units {

    private final InMemoryEngineState state;
    private final LongSupplier clock;
    private final HandleIssuer handles;

    public InMemoryUnits(InMemoryEngineState state, LongSupplier clock, HandleIssuer handles) {
        this.state = state;
        this.clock = clock;
        this.handles = handles;
    }

    @Override
    public <T> T write(Function<EngineUnit, T> work) {
        long now = clock.getAsLong();
        state.begin(now);
        InMemoryUnit unit = new InMemoryUnit(state, now, handles);
        T result;
        try {
            result = work.apply(unit);
        } catch (RuntimeException | Error e) {
            state.rollback();
            throw e;
        }
        state.commit();
        unit.runAfterCommit();
        return result;
    }

    @Override
    public <T> T read(Function<EngineUnit, T> work) {
        return work.apply(new InMemoryUnit(state, clock.getAsLong(), handles));
    }
}
