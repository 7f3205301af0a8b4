package io.skein.sql.engine.handler;

import io.skein.core.api.FlowSummary;
import io.skein.core.api.FlowSummaryStatus;
import io.skein.core.api.ListFlowsPage;
import io.skein.core.api.TagKeys;
import io.skein.core.api.execution.ListSuspendedPage;
import io.skein.core.api.execution.SuspendedEntry;
import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.PartitionFamily;
import io.skein.core.id.PartitionKey;
import io.skein.engine.processing.ExecutionInvariants;
import io.skein.engine.processing.TagHandlers;
import io.skein.engine.state.Flow;
import io.skein.engine.state.FlowRollup;
import io.skein.sql.engine.ExecCoreStore;
import io.skein.sql.engine.Tx;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The T2 reads of spec 02 §5 and §9 for operators: tags, namespace, flow and suspension listings, raw core fields,
 * the eligible scan and the invariant checker's read. They never write.
 */
public final class AdminReads {

    private static final System.Logger LOG = System.getLogger("io.skein.sql.invariants");

    /** The columns {@code readExecCoreFields} may name: exactly {@code ff_exec_core}'s (no other text reaches SQL). */
    public static final Set<String> EXEC_CORE_FIELDS = Arrays.stream(ExecCoreStore.COLUMNS.split(","))
            .map(String::trim).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> UUID_FIELDS = Set.of("execution_id", "flow_id", "current_suspension_id",
            "current_waitpoint_id");
    private static final Set<String> BYTE_FIELDS = Set.of("payload", "result");

    private final PartitionConfig partitions;

    public AdminReads(PartitionConfig partitions) {
        this.partitions = partitions;
    }

    // ------------------------------------------------------------------------------------------------ tags

    public Optional<String> executionTag(Tx tx, ExecutionId id, String key) {
        TagKeys.validateTagKey(key);
        requirePresent(id, "execution_id");
        return tx.queryOne("SELECT tags FROM ff_exec_core WHERE partition_key = ? AND execution_id = ?",
                        rs -> rs.getString(1), id.partition(), id.uuid())
                .flatMap(json -> Optional.ofNullable(TagHandlers.parse(json, "ff_exec_core.tags").get(key)));
    }

    public Optional<String> flowTag(Tx tx, FlowId flowId, String key) {
        TagKeys.validateTagKey(key);
        requirePresent(flowId, "flow_id");
        return tx.queryOne("SELECT tags FROM ff_flow_core WHERE partition_key = ? AND flow_id = ?",
                        rs -> rs.getString(1), partitions.flowPartition(flowId), flowId.uuid())
                .flatMap(json -> Optional.ofNullable(TagHandlers.parse(json, "ff_flow_core.tags").get(key)));
    }

    public Optional<Namespace> executionNamespace(Tx tx, ExecutionId id) {
        requirePresent(id, "execution_id");
        return tx.queryOne("SELECT namespace FROM ff_exec_core WHERE partition_key = ? AND execution_id = ?",
                rs -> Namespace.of(rs.getString(1)), id.partition(), id.uuid());
    }

    // ------------------------------------------------------------------------------------------------ listings

    public ListFlowsPage flows(Tx tx, PartitionKey partition, FlowId cursor, int limit) {
        int capped = page(partition, limit);
        if (cursor != null && partitions.flowPartition(cursor) != partition.index()) {
            throw EngineError.invalidInput("invalid_cursor: the cursor is on another partition");
        }
        if (capped == 0) {
            return new ListFlowsPage(List.of(), null);
        }
        String after = cursor == null ? "" : "AND f.flow_id > ? ";
        Object[] params = cursor == null ? new Object[] {partition.index(), capped + 1}
                : new Object[] {partition.index(), cursor.uuid(), capped + 1};
        List<FlowSummary> rows = tx.query("SELECT f.flow_id, f.created_at_ms, f.public_flow_state, "
                        + "s.public_flow_state AS rollup FROM ff_flow_core f LEFT JOIN ff_flow_summary s "
                        + "ON s.partition_key = f.partition_key AND s.flow_id = f.flow_id "
                        + "WHERE f.partition_key = ? " + after + "ORDER BY f.flow_id LIMIT ?",
                rs -> new FlowSummary(new FlowId(tx.uuid(rs, "flow_id")), rs.getLong("created_at_ms"),
                        status(rs.getString("public_flow_state"), rs.getString("rollup"))), params);
        boolean more = rows.size() > capped;
        List<FlowSummary> page = more ? rows.subList(0, capped) : rows;
        return new ListFlowsPage(page, more ? page.get(page.size() - 1).flowId() : null);
    }

    /**
     * A flow's listed status (spec 02 §5): a cancelled flow is {@code cancelled}; otherwise its roll-up (04 §4.5),
     * or its stored state before the first projection; open / running / blocked list as {@code active}.
     */
    static FlowSummaryStatus status(String flowState, String rollup) {
        if (Flow.CANCELLED.equals(flowState)) {
            return FlowSummaryStatus.CANCELLED;
        }
        String state = rollup != null ? rollup : flowState;
        if (state == null) {
            return FlowSummaryStatus.UNKNOWN;
        }
        return switch (state) {
            case FlowRollup.OPEN, FlowRollup.RUNNING, FlowRollup.BLOCKED -> FlowSummaryStatus.ACTIVE;
            case FlowRollup.COMPLETED -> FlowSummaryStatus.COMPLETED;
            case FlowRollup.FAILED -> FlowSummaryStatus.FAILED;
            default -> FlowSummaryStatus.UNKNOWN;
        };
    }

    private static final String TIMEOUT_ORDER = "COALESCE(timeout_at_ms, " + ListSuspendedPage.NO_TIMEOUT_SENTINEL
            + ")";

    public ListSuspendedPage suspended(Tx tx, PartitionKey partition, ExecutionId cursor, int limit) {
        int capped = page(partition, limit);
        if (cursor != null && cursor.partition() != partition.index()) {
            throw EngineError.invalidInput("invalid_cursor: the cursor is on another partition");
        }
        if (capped == 0) {
            return new ListSuspendedPage(List.of(), null);
        }
        String after = "";
        Object[] params = {partition.index(), capped + 1};
        if (cursor != null) {
            // the cursor's place in the order is its suspension's timeout, kept on the row after it closes
            long cursorTimeout = tx.queryOne("SELECT " + TIMEOUT_ORDER + " FROM ff_suspension_current "
                            + "WHERE partition_key = ? AND execution_id = ?", rs -> rs.getLong(1), partition.index(),
                    cursor.uuid()).orElseThrow(() -> EngineError.invalidInput(
                    "invalid_cursor: no suspension of " + cursor));
            after = "AND (" + TIMEOUT_ORDER + " > ? OR (" + TIMEOUT_ORDER + " = ? AND execution_id > ?)) ";
            params = new Object[] {partition.index(), cursorTimeout, cursorTimeout, cursor.uuid(), capped + 1};
        }
        List<SuspendedEntry> rows = tx.query("SELECT execution_id, suspended_at_ms, reason_code "
                        + "FROM ff_suspension_current WHERE partition_key = ? AND state = 'open' " + after
                        + "ORDER BY " + TIMEOUT_ORDER + ", execution_id LIMIT ?",
                rs -> new SuspendedEntry(ExecutionId.of(partition.index(), tx.uuid(rs, "execution_id")),
                        rs.getLong("suspended_at_ms"), rs.getString("reason_code")), params);
        boolean more = rows.size() > capped;
        List<SuspendedEntry> page = more ? rows.subList(0, capped) : rows;
        return new ListSuspendedPage(List.copyOf(page), more ? page.get(page.size() - 1).executionId() : null);
    }

    /**
     * The named {@code ff_exec_core} columns of one execution as text (uuids canonical, bytes base64), in the order
     * asked; every name is checked against the table's columns before anything is read.
     */
    public Map<String, Optional<String>> execCoreFields(Tx tx, PartitionKey partition, ExecutionId id,
                                                        List<String> fields) {
        if (fields == null) {
            throw EngineError.invalidInput("fields: required");
        }
        for (String field : fields) {
            if (field == null || !EXEC_CORE_FIELDS.contains(field)) {
                throw EngineError.invalidInput("fields: unknown ff_exec_core field " + field);
            }
        }
        requirePresent(id, "execution_id");
        requireExecutionPartition(partition, id);
        if (fields.isEmpty()) {
            return Map.of();
        }
        List<String> columns = fields.stream().distinct().toList();
        return tx.queryOne("SELECT " + String.join(", ", columns) + " FROM ff_exec_core "
                + "WHERE partition_key = ? AND execution_id = ?", rs -> {
                    Map<String, Optional<String>> out = new LinkedHashMap<>();
                    for (String c : columns) {
                        String value;
                        if (UUID_FIELDS.contains(c)) {
                            UUID u = tx.uuid(rs, c);
                            value = u == null ? null : u.toString();
                        } else if (BYTE_FIELDS.contains(c)) {
                            byte[] b = rs.getBytes(c);
                            value = b == null ? null : Base64.getEncoder().encodeToString(b);
                        } else {
                            value = rs.getString(c);
                        }
                        out.put(c, Optional.ofNullable(value));
                    }
                    return out;
                }, partition.index(), id.uuid()).orElseThrow(() -> EngineError.notFound("execution"));
    }

    /** The top {@code limit} of the lane's eligible order on one partition (claim order, spec 01 §9). */
    public List<ExecutionId> eligible(Tx tx, LaneId lane, PartitionKey partition, int limit) {
        requirePresent(lane, "lane_id");
        int capped = page(partition, limit);
        if (capped == 0) {
            return List.of();
        }
        return tx.query("SELECT execution_id FROM ff_exec_core WHERE partition_key = ? AND lane_id = ? "
                        + "AND lifecycle_phase = 'runnable' AND eligibility_state = 'eligible_now' "
                        + "ORDER BY priority DESC, created_at_ms, execution_id LIMIT ?",
                rs -> ExecutionId.of(partition.index(), tx.uuid(rs, "execution_id")), partition.index(),
                lane.value(), capped);
    }

    /** How many of a partition's most recently changed executions one pass of timer 17 checks. */
    public static final int SAMPLE = 200;

    /** The execution partitions holding any execution, in order (timer 17's walk). */
    public List<Integer> partitionsWithExecutions(Tx tx) {
        return tx.query("SELECT DISTINCT partition_key FROM ff_exec_core ORDER BY partition_key",
                rs -> rs.getInt(1));
    }

    /**
     * Timer 15's selection: flows never projected, or with a member changed since their roll-up was last stamped,
     * by partition.
     */
    public Map<Integer, List<FlowId>> flowsToProject(Tx tx) {
        Map<Integer, List<FlowId>> due = new java.util.TreeMap<>();
        tx.query("SELECT f.partition_key, f.flow_id FROM ff_flow_core f LEFT JOIN ff_flow_summary s "
                        + "ON s.partition_key = f.partition_key AND s.flow_id = f.flow_id "
                        + "WHERE s.flow_id IS NULL OR EXISTS (SELECT 1 FROM ff_exec_core e "
                        + "WHERE e.partition_key = f.partition_key AND e.flow_id = f.flow_id "
                        + "AND e.last_mutation_at_ms >= s.last_summary_update_at) "
                        + "ORDER BY f.partition_key, f.flow_id",
                rs -> due.computeIfAbsent(rs.getInt(1), p -> new java.util.ArrayList<>())
                        .add(new FlowId(tx.uuid(rs, "flow_id"))));
        return due;
    }

    /**
     * The invariant checker (timer 17, {@code reconcileExecutionIndex}): reads the partition's {@code limit} most
     * recently changed executions and logs each one that breaks an invariant of spec 01 §5; returns how many it
     * found. Writes nothing.
     */
    public int invariantViolations(Tx tx, PartitionKey partition, int limit) {
        if (partition == null || partition.family() != PartitionFamily.FLOW) {
            throw EngineError.invalidInput("partition: expected an execution partition {fp:N}, got " + partition);
        }
        record Checked(UUID id, List<String> violations) {}
        List<Checked> rows = tx.query("SELECT e.execution_id, e.lifecycle_phase, e.ownership_state, "
                        + "e.eligibility_state, e.blocking_reason, e.terminal_outcome, e.attempt_state, e.public_state, "
                        + "(SELECT COUNT(*) FROM ff_suspension_current s WHERE s.partition_key = e.partition_key "
                        + "AND s.execution_id = e.execution_id AND s.state = 'open') AS open_suspensions "
                        + "FROM ff_exec_core e WHERE e.partition_key = ? "
                        + "ORDER BY e.last_mutation_at_ms DESC, e.execution_id LIMIT ?",
                rs -> new Checked(tx.uuid(rs, "execution_id"), ExecutionInvariants.violations(
                        new ExecutionInvariants.StoredRow(rs.getString("lifecycle_phase"),
                                rs.getString("ownership_state"), rs.getString("eligibility_state"),
                                rs.getString("blocking_reason"), rs.getString("terminal_outcome"),
                                rs.getString("attempt_state"), rs.getString("public_state"),
                                rs.getLong("open_suspensions") == 1))),
                partition.index(), limit);
        int found = 0;
        for (Checked row : rows) {
            if (!row.violations().isEmpty()) {
                found++;
                LOG.log(System.Logger.Level.WARNING, "invariant violation on {0}:{1}: {2}", partition, row.id(),
                        String.join("; ", row.violations()));
            }
        }
        return found;
    }

    // ------------------------------------------------------------------------------------------------ checks

    /** A page size on an execution partition: {@code limit} ≥ 0, capped at {@link ExecutionReads#MAX_PAGE}. */
    private static int page(PartitionKey partition, int limit) {
        if (partition == null || partition.family() != PartitionFamily.FLOW) {
            throw EngineError.invalidInput("partition: expected an execution partition {fp:N}, got " + partition);
        }
        if (limit < 0) {
            throw EngineError.invalidInput("limit: must be >= 0");
        }
        return Math.min(limit, ExecutionReads.MAX_PAGE);
    }

    private static void requireExecutionPartition(PartitionKey partition, ExecutionId id) {
        if (partition == null || partition.family() != PartitionFamily.FLOW || partition.index() != id.partition()) {
            throw EngineError.invalidInput("partition: execution " + id + " lives on {fp:" + id.partition()
                    + "}, not " + partition);
        }
    }

    private static void requirePresent(Object value, String name) {
        if (value == null) {
            throw EngineError.invalidInput(name + ": required");
        }
    }
}
