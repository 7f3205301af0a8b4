package io.skein.topology.internals;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts store failures per command across stream-thread replacements. A command the store keeps failing (a
 * deterministic SQL error) would otherwise replay forever and stall its partition; after {@link #LIMIT} tries it
 * goes to the dead letters instead.
 */
public final class InfrastructureFailures {

    public static final int LIMIT = 5;
    private static final int REMEMBERED = 1024;

    private final Map<String, Integer> counts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** Whether {@code commandId} failed the store before (it then runs in a unit of its own). */
    public synchronized boolean failedBefore(String commandId) {
        return counts.containsKey(commandId);
    }

    /** Records one more failure of {@code commandId}; true once it has failed {@link #LIMIT} times. */
    public synchronized boolean giveUp(String commandId) {
        int n = counts.merge(commandId, 1, Integer::sum);
        if (n >= LIMIT) {
            counts.remove(commandId);
            return true;
        }
        return false;
    }
}
