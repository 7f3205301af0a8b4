package io.skein.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skein.core.api.BackendTag;
import io.skein.core.handle.HandleIssuer;
import io.skein.core.handle.HandleKey;
import io.skein.core.command.EngineCommand;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.hmac.HmacKey;
import io.skein.core.hmac.HmacSecret;
import io.skein.core.hmac.WaitpointKeystore;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionConfig;
import io.skein.engine.state.Attempt;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.memory.InMemoryEngineState;
import io.skein.engine.state.memory.InMemoryUnit;
import io.skein.engine.state.memory.InMemoryUnits;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The engine under test (after Zeebe's {@code EngineRule}): an {@link Engine} over an in-memory state at a manual
 * clock. {@link #when} runs one command as one unit (committed, or rolled back when it is rejected), so a test reads
 * as given / when / then against the state the decisions left.
 */
final class EngineRule {

    /** The tag and key of the handles the engine under test issues and accepts. */
    static final HandleIssuer HANDLES = new HandleIssuer(BackendTag.SQLITE, HandleKey.random());

    final InMemoryEngineState state = new InMemoryEngineState(7);
    long now = 1_000_000;
    final Engine engine = new Engine(PartitionConfig.DEFAULT, new SplittableRandom(7),
            new InMemoryUnits(state, () -> now, HANDLES));
    /** The effects (claims counted, tails woken) of the last command, in order. */
    List<String> effects = List.of();

    EngineRule() {
        HmacSecret secret = HmacSecret.parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        InMemoryUnit unit = begin();
        unit.keystore().replace(new WaitpointKeystore(HmacKey.current("k1", secret, now), List.of()));
        state.commit();
    }

    private InMemoryUnit begin() {
        state.begin(now);
        return new InMemoryUnit(state, now, HANDLES);
    }

    /**
     * Runs {@code command} as one unit and returns its result; a rejection rolls the unit back (one that keeps its
     * effects, an admission refusal that parks the execution, commits them) and propagates.
     */
    Object when(EngineCommand command) {
        InMemoryUnit unit = begin();
        try {
            Object result = engine.process(command, unit);
            state.commit();
            unit.runAfterCommit();
            effects = unit.effects();
            return result;
        } catch (EngineException rejected) {
            if (rejected.keepsEffects()) {
                // a refusal that parks the execution keeps what it wrote, as the backends commit it
                state.commit();
                unit.runAfterCommit();
                effects = unit.effects();
                throw rejected;
            }
            if (state.writes() > 0) {
                throw new AssertionError("rejected after writing " + state.writes() + " changes: the preconditions "
                        + "must reject before anything is written", rejected);
            }
            state.rollback();
            effects = List.of();
            throw rejected;
        } catch (RuntimeException rejected) {
            state.rollback();
            effects = List.of();
            throw rejected;
        }
    }

    /** Runs {@code command}, which must be rejected with an error of {@code kind}; returns that error. */
    <E extends EngineError> E rejected(EngineCommand command, Class<E> kind) {
        EngineException e = assertThrows(EngineException.class, () -> when(command));
        if (!kind.isInstance(e.error())) {
            throw new AssertionError("expected " + kind.getSimpleName() + ", got " + e.error(), e);
        }
        return kind.cast(e.error());
    }

    void advance(long ms) {
        now += ms;
    }

    ExecCore execution(ExecutionId id) {
        return state.executions().load(id).orElseThrow(() -> new AssertionError("no execution " + id));
    }

    Attempt currentAttempt(ExecutionId id) {
        return state.executions().currentAttempt(execution(id));
    }

    List<InMemoryEngineState.LoggedEvent> history(ExecutionId id) {
        return state.history().stream().filter(e -> e.executionId().equals(id)).toList();
    }
}
