package io.skein.conformance;

import io.skein.core.api.ExecutionInfo;
import io.skein.core.api.Handle;
import io.skein.core.handle.HandleCodec;
import io.skein.core.handle.HandleFields;
import io.skein.core.id.ExecutionId;
import io.skein.core.state.AttemptState;
import io.skein.core.state.PublicState;
import java.util.List;
import java.util.Map;

/**
 * Givens and raw reads shared by the operator-control and reclaim checklist classes (F, G, D11): handle fields,
 * attempt columns and outbox counts.
 */
abstract class OperatorGivens extends Conformance {

    /** The fence triple and routing data inside a handle (any backend's tag). */
    static HandleFields fields(Handle handle) {
        return HandleCodec.peek(handle);
    }

    ExecutionInfo info(ExecutionId id) {
        return backend.readExecutionInfo(id).orElseThrow();
    }

    PublicState publicState(ExecutionId id) {
        return info(id).publicState();
    }

    AttemptState attemptState(ExecutionId id) {
        return info(id).stateVector().attemptState();
    }

    /** One column of one {@code ff_attempt} row as text; null for SQL NULL. */
    String attemptColumn(ExecutionId id, int attemptIndex, String column) {
        return orNull(fx.queryString("SELECT COALESCE(CAST(" + column + " AS TEXT), '" + SQL_NULL + "') FROM ff_attempt "
                + "WHERE partition_key = ? AND execution_id = ? AND attempt_index = ?", id.partition(), id.uuid(),
                attemptIndex));
    }

    long attemptEpoch(ExecutionId id, int attemptIndex) {
        return fx.queryLong("SELECT lease_epoch FROM ff_attempt WHERE partition_key = ? AND execution_id = ? "
                + "AND attempt_index = ?", id.partition(), id.uuid(), attemptIndex);
    }

    /** One column of the {@code ff_exec_core} row as text; null for SQL NULL. */
    String coreColumn(ExecutionId id, String column) {
        return orNull(fx.queryString("SELECT COALESCE(CAST(" + column + " AS TEXT), '" + SQL_NULL + "') FROM "
                + "ff_exec_core WHERE partition_key = ? AND execution_id = ?", id.partition(), id.uuid()));
    }

    /** Stands for SQL NULL in text reads: {@link Fixtures#queryString} cannot return a null column. */
    private static final String SQL_NULL = "<sql null>";

    private static String orNull(String text) {
        return SQL_NULL.equals(text) ? null : text;
    }

    long leaseEvents(ExecutionId id, String eventType) {
        return fx.queryLong("SELECT COUNT(*) FROM ff_lease_event WHERE partition_key = ? AND execution_id = ? "
                + "AND event_type = ?", id.partition(), id.uuid(), eventType);
    }

    long operatorEvents(ExecutionId id, String eventType) {
        return fx.queryLong("SELECT COUNT(*) FROM ff_operator_event WHERE partition_key = ? AND execution_id = ? "
                + "AND event_type = ?", id.partition(), id.uuid(), eventType);
    }

    long completionEvents(ExecutionId id, String outcome) {
        return fx.queryLong("SELECT COUNT(*) FROM ff_completion_event WHERE partition_key = ? AND execution_id = ? "
                + "AND outcome = ?", id.partition(), id.uuid(), outcome);
    }

    long grants(ExecutionId id, String kind) {
        // Kafka mode's lane grants (worker '*', spec 05 §7) are dispatch bookkeeping, not grants a caller made.
        return fx.queryLong("SELECT COUNT(*) FROM ff_claim_grant WHERE partition_key = ? AND execution_id = ? "
                + "AND kind = ? AND worker_id <> '*'", id.partition(), id.uuid(), kind);
    }

    /** Lets the current lease run out without running any timer. */
    void leaseRunsOut() {
        clock.advance(LEASE_TTL_MS + 1);
    }

    /** A snapshot of every table: a call that answers "nothing to do" must leave it equal. */
    Map<String, List<String>> snapshot() {
        return fx.snapshot();
    }
}
