package io.skein.engine.state.memory;

import io.skein.core.handle.HandleIssuer;
import io.skein.core.api.StreamFrameId;
import io.skein.core.id.ExecutionId;
import io.skein.engine.EngineUnit;
import io.skein.engine.state.EventLog;
import io.skein.engine.state.MutableFlowState;
import io.skein.engine.state.KeystoreState;
import io.skein.engine.state.MutableExecutionState;
import io.skein.engine.state.MutableGrantState;
import io.skein.engine.state.MutableStreamState;
import io.skein.engine.state.MutableSuspensionState;

import java.util.ArrayList;
import java.util.List;

/**
 * A unit of work over an {@link InMemoryEngineState} at one clock reading. Its post-commit effects (claims
 * counted, tails woken) are kept as a list of what happened, in order.
 */
public final class InMemoryUnit implements EngineUnit {

    private final InMemoryEngineState state;
    private final long now;
    private final HandleIssuer handles;
    private final List<String> effects;
    private final List<Runnable> afterCommit = new ArrayList<>();

    public InMemoryUnit(InMemoryEngineState state, long now, HandleIssuer handles) {
        this(state, now, handles, new ArrayList<>());
    }

    private InMemoryUnit(InMemoryEngineState state, long now, HandleIssuer handles, List<String> effects) {
        this.state = state;
        this.now = now;
        this.handles = handles;
        this.effects = effects;
    }

    /** The post-commit effects the unit asked for, in order ({@code claim}, {@code frame …}, {@code closed …}). */
    public List<String> effects() {
        return List.copyOf(effects);
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public EngineUnit at(long at) {
        return at == now ? this : new InMemoryUnit(state, at, handles, effects);
    }

    @Override
    public HandleIssuer handles() {
        return handles;
    }

    @Override
    public java.util.UUID newId() {
        return state.newId();
    }

    @Override
    public void randomBytes(byte[] bytes) {
        state.randomBytes(bytes);
    }

    /** Post-commit work waits until the unit's owner has committed it ({@link #runAfterCommit}). */
    @Override
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** Runs the post-commit work the unit registered (its owner calls this once the unit committed). */
    public void runAfterCommit() {
        List<Runnable> work = List.copyOf(afterCommit);
        afterCommit.clear();
        work.forEach(Runnable::run);
    }

    @Override
    public void countClaim(String lane, long waitedMs) {
        effects.add("claim");
    }

    @Override
    public void countAttemptEnded(String lane, String outcome, long ranMs) {
        effects.add("attempt_ended " + outcome);
    }

    @Override
    public void countLeaseExpiry() {
        effects.add("lease_expiry");
    }

    @Override
    public void frameAppended(ExecutionId id, int attemptIndex, StreamFrameId frameId) {
        effects.add("frame " + id + "/" + attemptIndex + " " + frameId);
    }

    @Override
    public void streamClosed(ExecutionId id, int attemptIndex) {
        effects.add("closed " + id + "/" + attemptIndex);
    }

    @Override
    public MutableExecutionState executions() {
        return state.executions();
    }

    @Override
    public MutableGrantState grants() {
        return state.grants();
    }

    @Override
    public MutableSuspensionState suspensions() {
        return state.suspensions();
    }

    @Override
    public MutableStreamState streams() {
        return state.streams();
    }

    @Override
    public MutableFlowState flows() {
        return state.flows();
    }

    @Override
    public io.skein.engine.state.MutableQuotaState quotas() {
        return state.quotas();
    }

    @Override
    public io.skein.engine.state.MutableBudgetState budgets() {
        return state.budgets();
    }

    @Override
    public io.skein.engine.state.MutableWorkerState workers() {
        return state.workers();
    }

    @Override
    public io.skein.engine.state.MutableRetentionState retention() {
        return state.retention();
    }

    @Override
    public KeystoreState keystore() {
        return state.keystore();
    }

    @Override
    public EventLog events() {
        return state.events();
    }
}
