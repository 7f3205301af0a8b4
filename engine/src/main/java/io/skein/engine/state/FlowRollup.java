package io.skein.engine.state;

import io.skein.core.state.PublicState;
import java.util.EnumMap;
import java.util.Map;

/**
 * A flow's roll-up as {@code ff_flow_summary} holds it (spec 04 §4.5, 05 §1.7): how many members are in each public
 * state and the state derived from them ({@code open}, {@code running}, {@code blocked}, {@code completed},
 * {@code failed}). The update time is not part of the value: two roll-ups are equal when their counts are.
 */
public record FlowRollup(long totalMembers, Map<PublicState, Long> members, String publicFlowState) {

    public static final String OPEN = "open";
    public static final String RUNNING = "running";
    public static final String BLOCKED = "blocked";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    public FlowRollup {
        EnumMap<PublicState, Long> all = new EnumMap<>(PublicState.class);
        for (PublicState s : PublicState.values()) {
            all.put(s, members.getOrDefault(s, 0L));
        }
        members = java.util.Collections.unmodifiableMap(all);
    }

    /** The roll-up of members in {@code states} (spec 04 §4.5); a flow without members is {@code open}. */
    public static FlowRollup of(Iterable<PublicState> states) {
        EnumMap<PublicState, Long> counts = new EnumMap<>(PublicState.class);
        long total = 0;
        for (PublicState s : states) {
            counts.merge(s, 1L, Long::sum);
            total++;
        }
        return new FlowRollup(total, counts, derive(total, counts));
    }

    private static String derive(long total, Map<PublicState, Long> counts) {
        long terminal = count(counts, PublicState.COMPLETED, PublicState.FAILED, PublicState.CANCELLED,
                PublicState.EXPIRED, PublicState.SKIPPED);
        if (total > 0 && terminal == total) {
            return count(counts, PublicState.FAILED, PublicState.CANCELLED, PublicState.EXPIRED) > 0 ? FAILED
                    : COMPLETED;
        }
        if (count(counts, PublicState.ACTIVE) > 0) {
            return RUNNING;
        }
        if (count(counts, PublicState.SUSPENDED, PublicState.DELAYED, PublicState.RATE_LIMITED,
                PublicState.WAITING_CHILDREN) > 0) {
            return BLOCKED;
        }
        return OPEN;
    }

    private static long count(Map<PublicState, Long> counts, PublicState... states) {
        long n = 0;
        for (PublicState s : states) {
            n += counts.getOrDefault(s, 0L);
        }
        return n;
    }
}
