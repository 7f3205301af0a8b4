package io.skein.topology.internals;

import io.skein.core.id.ExecutionId;
import io.skein.core.timer.ExecutionView;
import io.skein.stores.ReadyQueueStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The task's dispatch index (issue 17, "Dispatch from memory"): per flow partition and lane, the claimable
 * executions that hold no grant, in claim order, and how many claimable ones hold one. It changes only with the
 * execution cache, from the same views ({@link TaskStores#refresh}), so a lane-grant top-up reads neither the lane's
 * queue nor its grant count from SQL. Kept in memory: like the other derived stores it is rebuilt from SQL whenever
 * the task starts or a unit fails. The periodic top-up still chooses from SQL, so work written behind the topology's
 * back (test fixtures, a repair by hand) is granted within a pass.
 */
final class LaneGrantIndex {

    private record PartitionLane(int partition, String lane) {}

    private final Map<PartitionLane, NavigableSet<ReadyQueueStore.Entry>> waiting = new HashMap<>();
    private final Map<PartitionLane, Integer> granted = new HashMap<>();

    /** Takes {@code view} in: claimable ones count as granted or wait for a grant. */
    void add(ExecutionView view) {
        if (!view.ready()) {
            return;
        }
        PartitionLane key = key(view);
        if (view.holdsGrant()) {
            granted.merge(key, 1, Integer::sum);
        } else {
            waiting.computeIfAbsent(key, k -> new TreeSet<>(ReadyQueueStore::claimOrder)).add(entry(view));
        }
    }

    /** Takes out {@code view}, exactly as {@link #add} took it in. */
    void remove(ExecutionView view) {
        if (!view.ready()) {
            return;
        }
        PartitionLane key = key(view);
        if (view.holdsGrant()) {
            granted.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
        } else {
            NavigableSet<ReadyQueueStore.Entry> queue = waiting.get(key);
            if (queue != null && queue.remove(entry(view)) && queue.isEmpty()) {
                waiting.remove(key);
            }
        }
    }

    void clear() {
        waiting.clear();
        granted.clear();
    }

    /** Claimable executions of {@code lane} on {@code partition} holding a grant: the lane's open window. */
    int granted(int partition, String lane) {
        return granted.getOrDefault(new PartitionLane(partition, lane), 0);
    }

    /** The first {@code limit} claimable executions of {@code lane} on {@code partition} holding no grant. */
    List<ExecutionId> waiting(int partition, String lane, int limit) {
        NavigableSet<ReadyQueueStore.Entry> queue = waiting.get(new PartitionLane(partition, lane));
        List<ExecutionId> out = new ArrayList<>();
        if (queue != null) {
            for (ReadyQueueStore.Entry e : queue) {
                if (out.size() == limit) {
                    break;
                }
                out.add(e.executionId());
            }
        }
        return out;
    }

    private static PartitionLane key(ExecutionView v) {
        return new PartitionLane(v.executionId().partition(), v.laneId());
    }

    private static ReadyQueueStore.Entry entry(ExecutionView v) {
        return new ReadyQueueStore.Entry(v.executionId(), v.laneId(), v.priority(), v.createdAtMs());
    }
}
