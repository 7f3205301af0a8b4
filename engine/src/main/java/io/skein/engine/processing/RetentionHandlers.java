package io.skein.engine.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.skein.core.api.ScannerFilter;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.wire.SkeinJson;
import io.skein.engine.EngineUnit;
import io.skein.engine.state.EngineState;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.RetentionState.Housekeeping;
import java.util.List;

/**
 * Timer 14 of spec 05 §4 and {@code trimRetention} (02 §9): terminal executions older than the retention are deleted
 * with every subordinate row in one unit each; expired housekeeping entries and week-old history events are deleted
 * set by set. Each item re-checks its predicate, so a repeated pass deletes nothing more (D3).
 */
public final class RetentionHandlers {

    /** Executions per retention batch (spec 05 §4 row 14). */
    public static final int BATCH = 1_000;
    /** Outbox and worker-event rows older than this are deleted. */
    public static final long EVENT_RETENTION_MS = 7L * 24 * 60 * 60 * 1000;

    /**
     * Terminal executions whose {@code terminal_at_ms} is at least {@code keepForMs} old at the unit's clock, oldest
     * first; narrowed to one execution partition and lane when given.
     */
    public List<ExecutionId> expiredTerminals(EngineUnit unit, long keepForMs, Integer partition, LaneId lane,
                                              int limit) {
        return unit.retention().terminalAtOrBefore(unit.now() - keepForMs, partition, lane, limit);
    }

    /** Whether the execution matches {@code filter}: its namespace, and the instance tag among its tags. */
    public boolean matches(EngineState state, ExecutionId id, ScannerFilter filter) {
        ExecCore e = state.executions().load(id).orElse(null);
        if (e == null) {
            return false;
        }
        if (filter.namespace() != null && !filter.namespace().value().equals(e.namespace)) {
            return false;
        }
        if (filter.instanceTag() == null) {
            return true;
        }
        try {
            JsonNode value = SkeinJson.lenient().readTree(e.tags).get(filter.instanceTag().key());
            return value != null && value.isTextual() && value.asText().equals(filter.instanceTag().value());
        } catch (JsonProcessingException malformed) {
            return false;
        }
    }

    /**
     * Deletes one execution and every subordinate row when it is still terminal and old enough; returns whether it
     * did.
     */
    public boolean deleteExecution(EngineUnit unit, ExecutionId id, long keepForMs) {
        if (!unit.retention().isTerminalAtOrBefore(id, unit.now() - keepForMs)) {
            return false;
        }
        unit.retention().purge(id);
        return true;
    }

    /** Deletes the expired entries (or, for a history log, the week-old events) of one housekeeping set. */
    public int deleteExpired(EngineUnit unit, Housekeeping set) {
        return set.history() ? unit.retention().deleteEventsBefore(set, unit.now() - EVENT_RETENTION_MS)
                : unit.retention().deleteExpired(set, unit.now());
    }
}
