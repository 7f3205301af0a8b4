package io.skein.engine.processing;

import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.PartitionFamily;
import io.skein.core.id.PartitionKey;
import io.skein.core.state.PublicState;
import io.skein.engine.EngineUnit;
import io.skein.engine.state.FlowRollup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code projectFlowSummary} (spec 02 §4, 04 §4.5): recomputes a flow's roll-up from its members' public states and
 * stores it, stamped with the unit's time; true when it differs from the one stored before.
 */
public final class FlowRollups {

    /** The partition must be the flow's own: the roll-up lives with the flow (05 §1.7). */
    public static void validate(PartitionKey partition, FlowId flowId, int flowPartition) {
        if (partition == null || flowId == null) {
            throw EngineError.invalidInput("partition and flow_id: required");
        }
        if (partition.family() != PartitionFamily.FLOW || partition.index() != flowPartition) {
            throw EngineError.invalidInput("partition: flow " + flowId + " lives on {fp:" + flowPartition + "}, not "
                    + partition);
        }
    }

    public boolean project(EngineUnit unit, int partition, FlowId flowId) {
        unit.flows().requireFlow(partition, flowId.uuid());
        List<PublicState> states = new ArrayList<>();
        for (ExecutionId member : unit.flows().members(partition, flowId.uuid(), Integer.MAX_VALUE)) {
            unit.executions().load(member).map(e -> e.state.publicState()).ifPresent(states::add);
        }
        FlowRollup now = FlowRollup.of(states);
        Optional<FlowRollup> stored = unit.flows().rollup(partition, flowId.uuid());
        // stamped even when unchanged: the projector (timer 15) selects flows changed since the stamp
        unit.flows().saveRollup(partition, flowId.uuid(), now, unit.now());
        return stored.isEmpty() || !stored.get().equals(now);
    }
}
