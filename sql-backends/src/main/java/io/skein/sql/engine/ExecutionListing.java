package io.skein.sql.engine;

import io.skein.core.api.execution.AttemptSummary;
import io.skein.core.api.execution.ExecutionDetail;
import io.skein.core.api.execution.ExecutionQuery;
import io.skein.core.api.execution.ExecutionSummary;
import io.skein.core.api.execution.ExecutionSummaryPage;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.state.AttemptLifecycle;
import io.skein.core.state.PublicState;
import io.skein.core.state.StateVector;
import io.skein.engine.state.Attempt;
import io.skein.engine.state.ExecCore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reads behind {@code skein list} and {@code skein describe} (issue #18). A search spans every partition in
 * one statement: newest first by {@code (created_at_ms, partition_key, execution_id)}, which the indexes of
 * migration V0004 hold in that order (one of them behind {@code lane_id}), so a page is one index range scan
 * whatever the number of partitions, and the cursor is a row-value bound on the same key.
 */
public final class ExecutionListing {

    private static final String SUMMARY_COLUMNS = "partition_key, execution_id, lane_id, execution_kind, "
            + "total_attempt_count, created_at_ms, last_mutation_at_ms, lifecycle_phase, ownership_state, "
            + "eligibility_state, blocking_reason, terminal_outcome, attempt_state";

    private ExecutionListing() {}

    /** A search as one statement: its SQL and parameters in order (uuids as {@link java.util.UUID}). */
    record Statement(String sql, List<Object> params) {}

    static Statement statement(ExecutionQuery query) {
        StringBuilder where = new StringBuilder();
        List<Object> params = new ArrayList<>();
        if (query.laneId() != null) {
            and(where, "lane_id = ?", params, query.laneId().value());
        }
        if (query.publicState() != null) {
            and(where, "public_state = ?", params, query.publicState().wire());
        }
        if (query.executionKind() != null) {
            and(where, "execution_kind = ?", params, query.executionKind());
        }
        if (query.createdAfter() != null) {
            and(where, "created_at_ms >= ?", params, query.createdAfter());
        }
        if (query.createdBefore() != null) {
            and(where, "created_at_ms < ?", params, query.createdBefore());
        }
        ExecutionQuery.Cursor cursor = query.cursor();
        if (cursor != null) {
            and(where, "(created_at_ms, partition_key, execution_id) < (?, ?, ?)", params, cursor.createdAt(),
                    cursor.executionId().partition(), cursor.executionId().uuid());
        }
        params.add(query.limit() + 1);
        return new Statement("SELECT " + SUMMARY_COLUMNS + " FROM ff_exec_core" + where
                + " ORDER BY created_at_ms DESC, partition_key DESC, execution_id DESC LIMIT ?", params);
    }

    public static ExecutionSummaryPage search(Tx tx, ExecutionQuery query) {
        Statement statement = statement(query);
        List<ExecutionSummary> rows = tx.query(statement.sql(),
                rs -> {
                    ExecutionId id = new ExecutionId(rs.getInt(1), tx.uuid(rs, 2));
                    long created = rs.getLong(6);
                    Long mutated = Tx.nullableLong(rs, 7);
                    // derived from the vector, as every read reports it (a legacy stored literal reads normalised)
                    PublicState state = StateVector.read(rs.getString(8), rs.getString(9), rs.getString(10),
                            rs.getString(11), rs.getString(12), rs.getString(13)).publicState();
                    return new ExecutionSummary(id, LaneId.of(rs.getString(3)),
                            rs.getString(4) == null ? "" : rs.getString(4), state, rs.getInt(5), created,
                            mutated == null ? created : mutated);
                }, statement.params().toArray());
        boolean more = rows.size() > query.limit();
        List<ExecutionSummary> page = more ? rows.subList(0, query.limit()) : rows;
        ExecutionSummary last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new ExecutionSummaryPage(page, more ? new ExecutionQuery.Cursor(last.createdAt(), last.executionId())
                : null);
    }

    public static Optional<ExecutionDetail> detail(Tx tx, ExecutionId id) {
        return ExecCoreStore.load(tx, id).map(e -> new ExecutionDetail(e.executionId,
                e.executionKind == null ? "" : e.executionKind, e.priority, e.payload == null ? new byte[0] : e.payload,
                e.payloadEncoding, e.result, e.resultEncoding, e.failureReason, e.cancellationReason,
                AttemptStore.all(tx, id).stream().map(ExecutionListing::summary).toList()));
    }

    private static AttemptSummary summary(Attempt a) {
        Long ended = a.lifecycle.isFinal() ? a.terminalAtMs : null;
        return new AttemptSummary(a.attemptIndex, a.attemptType, a.lifecycle, a.workerInstanceId, a.startedAtMs,
                ended, a.lifecycle == AttemptLifecycle.ENDED_SUCCESS ? null : a.failureReason);
    }

    private static void and(StringBuilder where, String condition, List<Object> params, Object... values) {
        where.append(where.length() == 0 ? " WHERE " : " AND ").append(condition);
        params.addAll(List.of(values));
    }
}
