package io.skein.engine.state;

import io.skein.core.api.EdgeDependencyPolicy;
import io.skein.core.api.EdgeGroupState;
import io.skein.core.id.ExecutionId;
import java.util.UUID;

/** The image of one {@code ff_edge_group} row (spec 05 §1.7): the applied inbound edges of one downstream member. */
public record EdgeGroup(int partition, UUID flowId, ExecutionId downstream, EdgeDependencyPolicy policy, int total,
                        int success, int fail, int skip, int running, int unsatisfied, EdgeGroupState state,
                        Long firedAtMs, boolean cancelSiblingsPending) {}
