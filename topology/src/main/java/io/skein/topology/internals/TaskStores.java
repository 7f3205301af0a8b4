package io.skein.topology.internals;

import io.skein.core.id.ExecutionId;
import io.skein.core.timer.DueTimer;
import io.skein.core.timer.ExecutionView;
import io.skein.stores.ExecutionCacheStore;
import io.skein.stores.ReadyQueueStore;
import io.skein.stores.TimerStore;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * One task's local stores (ARCHITECTURE "The path of one command", step 2): the execution cache, the per-lane ready
 * queues and the timer wheel, changed together and only here. After every unit the command processor hands in the
 * SQL view of each execution the unit touched; the cache says what the execution held before, so exactly its old
 * queue entry and timers leave and its new ones arrive.
 */
final class TaskStores {

    private final ExecutionCacheStore executions;
    private final ReadyQueueStore ready;
    private final TimerStore timers;
    private final LaneGrantIndex dispatch = new LaneGrantIndex();

    TaskStores(ProcessorContext<?, ?> context) {
        this.executions = new ExecutionCacheStore(context.getStateStore(ExecutionCacheStore.STORE));
        this.ready = new ReadyQueueStore(context.getStateStore(ReadyQueueStore.STORE));
        this.timers = new TimerStore(context.getStateStore(TimerStore.STORE));
    }

    /** Makes the stores hold {@code now} for {@code id} (empty: the execution is gone). */
    void refresh(ExecutionId id, Optional<ExecutionView> now) {
        Optional<ExecutionView> before = executions.replace(id, now);
        if (before.equals(now.filter(ExecutionView::live))) {
            return;
        }
        before.ifPresent(old -> {
            dispatch.remove(old);
            if (old.ready()) {
                ready.remove(entry(old));
            }
            for (DueTimer t : old.timers()) {
                timers.remove(id, t);
            }
        });
        now.filter(ExecutionView::live).ifPresent(view -> {
            dispatch.add(view);
            if (view.ready()) {
                ready.put(entry(view));
            }
            for (DueTimer t : view.timers()) {
                timers.put(new TimerStore.Armed(id, t, view.stateVersion()));
            }
        });
    }

    /** Empties the stores and fills them with {@code views}: every live execution of the task's partitions. */
    void rebuild(List<ExecutionView> views) {
        executions.clear();
        ready.clear();
        dispatch.clear();
        timers.clear();
        for (ExecutionView v : views) {
            refresh(v.executionId(), Optional.of(v));
        }
    }

    /** The timers due at {@code nowMs}, soonest first, at most {@code limit}. */
    List<TimerStore.Armed> dueTimers(long nowMs, int limit) {
        return timers.due(nowMs, limit);
    }

    /**
     * After {@code armed} fired: if the execution still holds that very timer at that version, the firing changed
     * nothing, so the timer leaves the wheel (it would only fire again); the cache keeps it until the execution
     * changes.
     */
    void disarmIfStill(TimerStore.Armed armed) {
        executions.get(armed.executionId())
                .filter(v -> v.stateVersion() == armed.stateVersion() && v.timers().contains(armed.timer()))
                .ifPresent(v -> timers.remove(armed.executionId(), armed.timer()));
    }

    /** The task's dispatch index: what a lane-grant top-up needs, without SQL. */
    LaneGrantIndex dispatch() {
        return dispatch;
    }

    Optional<ExecutionView> cached(ExecutionId id) {
        return executions.get(id);
    }

    private static ReadyQueueStore.Entry entry(ExecutionView v) {
        return new ReadyQueueStore.Entry(v.executionId(), v.laneId(), v.priority(), v.createdAtMs());
    }
}
