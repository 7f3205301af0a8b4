package io.skein.engine.state;

import io.skein.core.id.ExecutionId;

/** Flows, edges and edge groups (spec 04 §4), read-only. */
public interface FlowState {

    /**
     * Whether the member still waits on a dependency: one of its edge groups is pending with unsatisfied edges (a
     * group that already fired leaves later edges unsatisfied, and those do not block).
     */
    boolean hasUnsatisfiedDependencies(ExecutionId member);
}
