package io.skein.sql.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Conformance A4: a fresh database has every table, column, key and index of spec 05 §1, ready for fixtures. */
class SchemaTest {

    /** Spec 05 §1: every table with its columns, primary-key columns first in key order. */
    private static final Map<String, String> TABLES = new LinkedHashMap<>();
    private static final Map<String, String> PRIMARY_KEYS = new LinkedHashMap<>();

    static {
        table("ff_exec_core", "partition_key execution_id", "flow_id lane_id namespace execution_kind creator_identity "
                + "idempotency_key required_capabilities attempt_index total_attempt_count lifecycle_phase "
                + "ownership_state eligibility_state public_state attempt_state blocking_reason blocking_detail "
                + "terminal_outcome priority created_at_ms started_at_ms terminal_at_ms last_transition_at_ms "
                + "last_mutation_at_ms delay_until_ms deadline_at_ms retry_count replay_count lease_reclaim_count "
                + "budget_ids quota_policy_id payload result payload_encoding result_encoding policy tags "
                + "progress_pct progress_message progress_updated_at_ms failure_reason failure_category "
                + "cancellation_reason cancelled_by pending_retry_reason pending_replay_reason "
                + "pending_replay_requested_by pending_previous_attempt_index current_suspension_id "
                + "current_waitpoint_id last_capability_mismatch_at_ms state_version raw_fields");
        table("ff_attempt", "partition_key execution_id attempt_index", "attempt_id lease_id attempt_type lifecycle "
                + "worker_id worker_instance_id lease_epoch lease_expires_at_ms lease_acquired_at_ms "
                + "lease_renewed_at_ms created_at_ms started_at_ms terminal_at_ms suspended_at_ms resumed_at_ms "
                + "attempt_timeout_at_ms failure_reason failure_category previous_attempt_index lineage_reason "
                + "replay_requested_by usage policy raw_fields");
        table("ff_claim_grant", "partition_key grant_id", "execution_id kind worker_id worker_instance_id lane_id "
                + "capability_hash worker_capabilities route_snapshot_json admission_summary grant_ttl_ms "
                + "issued_at_ms expires_at_ms");
        table("ff_stream_frame", "partition_key execution_id attempt_index ts_ms seq", "fields mode created_at_ms");
        table("ff_stream_meta", "partition_key execution_id attempt_index", "attempt_id created_at_ms closed_at_ms "
                + "closed_reason frame_count total_bytes last_ts_ms last_seq has_durable_frame ema_rate_hz "
                + "last_append_ts_ms maxlen_applied_last");
        table("ff_stream_summary", "partition_key execution_id attempt_index",
                "document_json version patch_kind last_updated_ms first_applied_ms");
        table("ff_suspension_current", "partition_key execution_id", "suspension_id attempt_index state "
                + "suspended_at_ms timeout_at_ms timeout_behavior reason_code requested_by waitpoint_id waitpoint_key "
                + "additional_waitpoints condition resume_policy continuation_metadata_pointer satisfied_set "
                + "member_map last_signal_at_ms satisfied_at_ms closed_at_ms close_reason closer_signal_id "
                + "satisfier_signal_ids");
        table("ff_waitpoint_pending", "partition_key waitpoint_id", "execution_id attempt_index suspension_id "
                + "waitpoint_key token_kid token state required_signal_names condition created_at_ms "
                + "activated_at_ms expires_at_ms closed_at_ms close_reason signal_count matched_signal_count "
                + "last_signal_at_ms");
        table("ff_signal", "partition_key execution_id signal_id", "waitpoint_id suspension_id signal_name "
                + "signal_category source_type source_identity payload payload_encoding correlation_id "
                + "idempotency_key target_scope created_at_ms accepted_at_ms observed_effect matched satisfier");
        table("ff_signal_dedup", "partition_key waitpoint_id idempotency_key", "signal_id expires_at_ms");
        table("ff_suspend_dedup", "partition_key execution_id idempotency_key",
                "outcome_json created_at_ms expires_at_ms");
        table("ff_flow_core", "partition_key flow_id", "flow_kind namespace graph_revision node_count edge_count "
                + "public_flow_state created_at_ms last_mutation_at_ms terminal_at_ms cancel_reason "
                + "cancellation_policy tags raw_fields");
        table("ff_edge", "partition_key flow_id edge_id", "upstream_eid downstream_eid dependency_kind "
                + "data_passing_ref edge_state dependency_state staged_at_ms applied_at_ms resolved_at_ms created_by "
                + "policy policy_version");
        table("ff_edge_group", "partition_key flow_id downstream_eid", "policy k_target total_count success_count "
                + "fail_count skip_count running_count unsatisfied_count group_state fired_at_ms "
                + "cancel_siblings_pending_flag cancel_siblings_pending_members");
        table("ff_pending_cancel_groups", "partition_key flow_id downstream_eid", "enqueued_at_ms");
        table("ff_cancel_backlog", "partition_key flow_id",
                "requested_at_ms requester reason grace_until_ms cancellation_policy status");
        table("ff_cancel_backlog_member", "partition_key flow_id execution_id", "");
        table("ff_flow_summary", "partition_key flow_id", "total_members members_completed members_failed "
                + "members_cancelled members_expired members_skipped members_active members_suspended "
                + "members_waiting members_delayed members_rate_limited members_waiting_children public_flow_state "
                + "last_summary_update_at");
        String outbox = "partition_key execution_id namespace instance_tag occurred_at_ms ";
        table("ff_completion_event", "event_id", outbox + "flow_id outcome committed_at_ms dispatched_at_ms");
        table("ff_lease_event", "event_id",
                outbox + "lease_id lease_epoch worker_instance_id event_type reason");
        table("ff_signal_event", "event_id",
                outbox + "signal_id waitpoint_id source_identity effect delivered_at_ms");
        table("ff_operator_event", "event_id", outbox + "event_type details");
        table("ff_budget_policy", "partition_key budget_id", "policy_json scope_type scope_id enforcement_mode "
                + "breach_count soft_breach_count last_breach_at_ms last_breach_dim next_reset_at_ms reset_count "
                + "last_reset_at_ms created_at_ms updated_at_ms");
        table("ff_budget_usage", "partition_key budget_id dimensions_key",
                "current_value last_reset_at_ms updated_at_ms");
        table("ff_budget_usage_dedup", "partition_key budget_id dedup_key",
                "outcome_json applied_at_ms expires_at_ms");
        table("ff_budget_usage_by_exec", "partition_key budget_id execution_id dimensions_key",
                "delta_total updated_at_ms");
        table("ff_quota_policy", "partition_key quota_policy_id", "requests_per_window_seconds "
                + "max_requests_per_window active_concurrency_cap active_concurrency jitter_ms created_at_ms "
                + "updated_at_ms");
        table("ff_quota_window", "partition_key quota_policy_id dimension admitted_at_ms execution_id", "");
        table("ff_quota_admitted", "partition_key quota_policy_id execution_id", "admitted_at_ms expires_at_ms");
        table("ff_exec_idempotency", "partition_key namespace idempotency_key", "execution_id expires_at_ms");
        table("ff_worker_registry", "namespace worker_instance_id", "worker_id lanes capabilities_csv "
                + "last_heartbeat_ms liveness_ttl_ms registered_at_ms");
        table("ff_worker_registry_event", "namespace worker_instance_id event_at_ms event_kind", "reason");
        table("ff_waitpoint_hmac", "kid", "secret rotated_at_ms active expires_at_ms");
        table("ff_lane_registry", "lane_id", "registered_at_ms registered_by");
        table("ff_partition_config", "singleton_lock",
                "num_flow_partitions num_budget_partitions num_quota_partitions skein_version");
        table("ff_migration_annotation", "version", "name applied_at_ms backward_compatible checksum");
        table("ff_command_log", "command_id",
                "partition_key command_type result_json outputs_json applied_at_ms expires_at_ms");
    }

    /** Spec 05 §1 indexes: name → "table(columns)" plus " WHERE" when partial. */
    private static final Map<String, String> INDEXES = Map.ofEntries(
            Map.entry("ff_exec_core_eligible_idx", "ff_exec_core(partition_key,lane_id,lifecycle_phase,"
                    + "eligibility_state,priority DESC,created_at_ms)"),
            Map.entry("ff_exec_core_lane_eligible_idx", "ff_exec_core(lane_id,priority DESC,created_at_ms,execution_id) WHERE"),
            Map.entry("ff_exec_core_delay_until_idx", "ff_exec_core(partition_key,delay_until_ms) WHERE"),
            Map.entry("ff_exec_core_deadline_idx", "ff_exec_core(partition_key,deadline_at_ms) WHERE"),
            Map.entry("ff_exec_core_flow_idx", "ff_exec_core(partition_key,flow_id) WHERE"),
            Map.entry("ff_exec_core_retention_idx", "ff_exec_core(partition_key,lifecycle_phase,terminal_at_ms)"),
            Map.entry("ff_exec_core_created_idx", "ff_exec_core(created_at_ms,partition_key,execution_id)"),
            Map.entry("ff_exec_core_lane_created_idx",
                    "ff_exec_core(lane_id,created_at_ms,partition_key,execution_id)"),
            Map.entry("ff_exec_core_state_created_idx",
                    "ff_exec_core(public_state,created_at_ms,partition_key,execution_id,lane_id)"),
            Map.entry("ff_exec_core_terminal_at_idx", "ff_exec_core(terminal_at_ms,lane_id,public_state) WHERE"),
            Map.entry("ff_flow_core_created_idx", "ff_flow_core(created_at_ms,partition_key,flow_id)"),
            Map.entry("ff_attempt_lease_expiry_idx", "ff_attempt(partition_key,lease_expires_at_ms) WHERE"),
            Map.entry("ff_attempt_timeout_idx", "ff_attempt(partition_key,attempt_timeout_at_ms) WHERE"),
            Map.entry("ff_attempt_worker_instance_idx", "ff_attempt(partition_key,worker_instance_id) WHERE"),
            Map.entry("ff_claim_grant_expiry_idx", "ff_claim_grant(expires_at_ms)"),
            Map.entry("ff_suspension_current_timeout_idx",
                    "ff_suspension_current(partition_key,timeout_at_ms) WHERE"),
            Map.entry("ff_suspension_current_suspended_idx", "ff_suspension_current(partition_key,suspended_at_ms)"),
            Map.entry("ff_waitpoint_pending_execution_idx",
                    "ff_waitpoint_pending(partition_key,execution_id,waitpoint_id)"),
            Map.entry("ff_waitpoint_pending_expiry_idx", "ff_waitpoint_pending(partition_key,expires_at_ms) WHERE"),
            Map.entry("ff_signal_waitpoint_idx", "ff_signal(partition_key,waitpoint_id,accepted_at_ms)"),
            Map.entry("ff_edge_downstream_idx", "ff_edge(partition_key,flow_id,downstream_eid)"),
            Map.entry("ff_edge_upstream_idx", "ff_edge(partition_key,flow_id,upstream_eid)"),
            Map.entry("ff_pending_cancel_groups_enqueued_idx",
                    "ff_pending_cancel_groups(partition_key,enqueued_at_ms)"),
            Map.entry("ff_completion_event_partition_idx", "ff_completion_event(partition_key,event_id)"),
            Map.entry("ff_completion_event_namespace_idx", "ff_completion_event(namespace) WHERE"),
            Map.entry("ff_completion_event_instance_tag_idx", "ff_completion_event(instance_tag) WHERE"),
            Map.entry("ff_completion_event_execution_idx",
                    "ff_completion_event(partition_key,execution_id,occurred_at_ms)"),
            Map.entry("ff_completion_event_undispatched_idx",
                    "ff_completion_event(partition_key,occurred_at_ms) WHERE"),
            Map.entry("ff_lease_event_partition_idx", "ff_lease_event(partition_key,event_id)"),
            Map.entry("ff_lease_event_namespace_idx", "ff_lease_event(namespace) WHERE"),
            Map.entry("ff_lease_event_instance_tag_idx", "ff_lease_event(instance_tag) WHERE"),
            Map.entry("ff_signal_event_partition_idx", "ff_signal_event(partition_key,event_id)"),
            Map.entry("ff_signal_event_namespace_idx", "ff_signal_event(namespace) WHERE"),
            Map.entry("ff_signal_event_instance_tag_idx", "ff_signal_event(instance_tag) WHERE"),
            Map.entry("ff_operator_event_partition_idx", "ff_operator_event(partition_key,event_id)"),
            Map.entry("ff_operator_event_namespace_idx", "ff_operator_event(namespace) WHERE"),
            Map.entry("ff_operator_event_instance_tag_idx", "ff_operator_event(instance_tag) WHERE"),
            Map.entry("ff_budget_policy_next_reset_idx", "ff_budget_policy(partition_key,next_reset_at_ms) WHERE"),
            Map.entry("ff_budget_usage_dedup_expiry_idx", "ff_budget_usage_dedup(expires_at_ms)"),
            Map.entry("ff_budget_usage_by_exec_execution_idx",
                    "ff_budget_usage_by_exec(partition_key,budget_id,execution_id)"),
            Map.entry("ff_quota_admitted_expiry_idx", "ff_quota_admitted(expires_at_ms)"),
            Map.entry("ff_exec_idempotency_expiry_idx", "ff_exec_idempotency(expires_at_ms)"),
            Map.entry("ff_command_log_expiry_idx", "ff_command_log(expires_at_ms)"));

    private static SqliteDatabase db;

    private static void table(String name, String keyColumns, String otherColumns) {
        TABLES.put(name, (keyColumns + " " + otherColumns).strip());
        PRIMARY_KEYS.put(name, keyColumns);
    }

    @BeforeAll
    static void openFreshDatabase() {
        db = TestStores.openMemory("schema");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void givenAFreshDatabase_whenOpened_thenEveryTableOfTheSpecExistsWithExactlyItsColumnsAndKey() {
        Set<String> tables = db.read(c -> strings(c,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'ff\\_%' ESCAPE '\\'"));
        assertEquals(new TreeSet<>(TABLES.keySet()), tables);

        for (Map.Entry<String, String> t : TABLES.entrySet()) {
            List<ColumnInfo> columns = db.read(c -> columns(c, t.getKey()));
            Set<String> names = new TreeSet<>();
            columns.forEach(col -> names.add(col.name()));
            assertEquals(new TreeSet<>(Arrays.asList(t.getValue().split(" "))), names, t.getKey() + " columns");

            List<String> key = new ArrayList<>();
            columns.stream().filter(col -> col.pk() > 0).sorted((a, b) -> Integer.compare(a.pk(), b.pk()))
                    .forEach(col -> key.add(col.name()));
            assertEquals(Arrays.asList(PRIMARY_KEYS.get(t.getKey()).split(" ")), key, t.getKey() + " primary key");
            for (ColumnInfo col : columns) {
                if (col.pk() > 0) {
                    assertTrue(col.notNull() || col.type().equals("INTEGER") && key.size() == 1,
                            t.getKey() + "." + col.name() + " is a key column and must be NOT NULL");
                }
            }
        }
    }

    @Test
    void givenAFreshDatabase_whenOpened_thenColumnTypesNullabilityAndDefaultsFollowTheSpec() {
        Map<String, ColumnInfo> core = db.read(c -> byName(columns(c, "ff_exec_core")));
        assertColumn(core, "execution_id", "BLOB", true, null);
        assertColumn(core, "flow_id", "BLOB", false, null);
        assertColumn(core, "lane_id", "TEXT", true, null);
        assertColumn(core, "namespace", "TEXT", true, "'default'");
        assertColumn(core, "required_capabilities", "TEXT", true, "'[]'");
        assertColumn(core, "attempt_index", "INTEGER", true, "0");
        assertColumn(core, "lifecycle_phase", "TEXT", true, null);
        assertColumn(core, "terminal_outcome", "TEXT", true, "'none'");
        assertColumn(core, "created_at_ms", "INTEGER", true, null);
        assertColumn(core, "budget_ids", "TEXT", true, "'[]'");
        assertColumn(core, "payload", "BLOB", false, null);
        assertColumn(core, "tags", "TEXT", true, "'{}'");
        assertColumn(core, "state_version", "INTEGER", true, "0");
        assertColumn(core, "raw_fields", "TEXT", true, "'{}'");

        Map<String, ColumnInfo> attempt = db.read(c -> byName(columns(c, "ff_attempt")));
        assertColumn(attempt, "lifecycle", "TEXT", true, "'created'");
        assertColumn(attempt, "lease_epoch", "INTEGER", true, "0");
        assertColumn(attempt, "lease_expires_at_ms", "INTEGER", false, null);

        Map<String, ColumnInfo> frame = db.read(c -> byName(columns(c, "ff_stream_frame")));
        assertColumn(frame, "fields", "TEXT", true, null);
        assertColumn(frame, "mode", "TEXT", true, "'durable'");
        Map<String, ColumnInfo> meta = db.read(c -> byName(columns(c, "ff_stream_meta")));
        assertColumn(meta, "has_durable_frame", "INTEGER", true, "0");
        assertColumn(meta, "ema_rate_hz", "REAL", false, null);

        Map<String, ColumnInfo> waitpoint = db.read(c -> byName(columns(c, "ff_waitpoint_pending")));
        assertColumn(waitpoint, "waitpoint_key", "TEXT", true, "''");
        assertColumn(waitpoint, "state", "TEXT", true, "'pending'");
        assertColumn(waitpoint, "required_signal_names", "TEXT", true, "'[]'");

        Map<String, ColumnInfo> edge = db.read(c -> byName(columns(c, "ff_edge")));
        assertColumn(edge, "dependency_kind", "TEXT", true, "'success_only'");
        assertColumn(edge, "created_by", "TEXT", true, "'engine'");

        Map<String, ColumnInfo> backlog = db.read(c -> byName(columns(c, "ff_cancel_backlog")));
        assertColumn(backlog, "requester", "TEXT", false, "''");
        assertColumn(backlog, "status", "TEXT", false, "'pending'");
        assertColumn(backlog, "cancellation_policy", "TEXT", true, null);

        Map<String, ColumnInfo> hmac = db.read(c -> byName(columns(c, "ff_waitpoint_hmac")));
        assertColumn(hmac, "secret", "BLOB", true, null);
        assertColumn(hmac, "active", "INTEGER", true, "1");

        Map<String, ColumnInfo> log = db.read(c -> byName(columns(c, "ff_command_log")));
        assertColumn(log, "command_id", "BLOB", true, null);
        assertColumn(log, "outputs_json", "TEXT", true, "'[]'");
    }

    @Test
    void givenAFreshDatabase_whenOpened_thenEveryIndexOfTheSpecExistsOnItsColumns() {
        for (Map.Entry<String, String> index : INDEXES.entrySet()) {
            String described = db.read(c -> describeIndex(c, index.getKey()));
            assertEquals(index.getValue(), described, index.getKey());
        }
        String uniqueEdge = db.read(c -> uniqueConstraintColumns(c, "ff_edge"));
        assertEquals("partition_key,flow_id,upstream_eid,downstream_eid", uniqueEdge);
        String uniqueGrant = db.read(c -> uniqueConstraintColumns(c, "ff_claim_grant"));
        assertEquals("partition_key,execution_id,kind", uniqueGrant);
    }

    @Test
    void givenAFreshDatabase_whenFixturesInsertTheSeedsMinimalRows_thenTheyAreAcceptedWithDefaults() {
        UUID execution = UUID.randomUUID();
        db.inWriteTransaction(unit -> {
            Connection c = unit.connection();
            // As sqlite-stream-reader seeds ff_exec_core (no namespace, no raw_fields, legacy literals).
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ff_exec_core (partition_key, execution_id, "
                    + "lane_id, attempt_index, lifecycle_phase, ownership_state, eligibility_state, public_state, "
                    + "attempt_state, priority, created_at_ms) VALUES (0, ?, 'default', 0, 'runnable', 'unowned', "
                    + "'eligible_now', 'pending', 'initial', 0, 1)")) {
                ps.setBytes(1, bytes(execution));
                ps.executeUpdate();
            }
            // As sqlite-claim-execution seeds a grant.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ff_claim_grant (partition_key, grant_id, "
                    + "execution_id, kind, worker_id, worker_instance_id, lane_id, capability_hash, "
                    + "worker_capabilities, route_snapshot_json, admission_summary, grant_ttl_ms, issued_at_ms, "
                    + "expires_at_ms) VALUES (0, ?, ?, 'claim', 'worker-1', 'wi', 'default', NULL, '[]', NULL, NULL, "
                    + "60000, 1, 60001)")) {
                ps.setBytes(1, bytes(UUID.randomUUID()));
                ps.setBytes(2, bytes(execution));
                ps.executeUpdate();
            }
            // As sqlite-stream-reader injects a raw frame.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ff_stream_frame (partition_key, "
                    + "execution_id, attempt_index, ts_ms, seq, fields, mode, created_at_ms) "
                    + "VALUES (0, ?, 1, 100, 0, ?, 'durable', 100)")) {
                ps.setBytes(1, bytes(execution));
                ps.setString(2, "{\"frame_type\":\"stdout\",\"payload\":\"a1-only\",\"encoding\":\"utf8\"}");
                ps.executeUpdate();
            }
            return null;
        });

        List<String> row = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT namespace, terminal_outcome, raw_fields, tags, "
                    + "required_capabilities, state_version FROM ff_exec_core WHERE partition_key = 0 "
                    + "AND execution_id = ?")) {
                ps.setBytes(1, bytes(execution));
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    return List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6));
                }
            }
        });
        assertEquals(List.of("default", "none", "{}", "{}", "[]", "0"), row);
    }

    @Test
    void givenAFreshDatabase_whenAGrantOfAnUnknownKindOrASecondGrantOfAKindIsInserted_thenTheSchemaRejectsIt() {
        UUID execution = UUID.randomUUID();
        String insert = "INSERT INTO ff_claim_grant (partition_key, grant_id, execution_id, kind, worker_id, "
                + "worker_instance_id, grant_ttl_ms, issued_at_ms, expires_at_ms) VALUES (0, ?, ?, ?, 'w', 'wi', 1, 1, 2)";
        db.inWriteTransaction(unit -> {
            try (PreparedStatement ps = unit.connection().prepareStatement(insert)) {
                ps.setBytes(1, bytes(UUID.randomUUID()));
                ps.setBytes(2, bytes(execution));
                ps.setString(3, "claim");
                return ps.executeUpdate();
            }
        });
        for (String kind : List.of("claim", "lease")) {
            assertThrows(io.skein.core.error.EngineException.class, () -> db.inWriteTransaction(unit -> {
                try (PreparedStatement ps = unit.connection().prepareStatement(insert)) {
                    ps.setBytes(1, bytes(UUID.randomUUID()));
                    ps.setBytes(2, bytes(execution));
                    ps.setString(3, kind);
                    return ps.executeUpdate();
                }
            }), kind);
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    private record ColumnInfo(String name, String type, boolean notNull, String defaultValue, int pk) {
    }

    private static void assertColumn(Map<String, ColumnInfo> columns, String name, String type, boolean notNull,
                                     String defaultValue) {
        ColumnInfo col = columns.get(name);
        assertEquals(type, col.type(), name + " type");
        assertEquals(notNull, col.notNull(), name + " NOT NULL");
        assertEquals(defaultValue, col.defaultValue(), name + " default");
    }

    private static List<ColumnInfo> columns(Connection c, String table) throws SQLException {
        List<ColumnInfo> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                out.add(new ColumnInfo(rs.getString("name"), rs.getString("type"), rs.getInt("notnull") == 1,
                        rs.getString("dflt_value"), rs.getInt("pk")));
            }
        }
        return out;
    }

    private static Map<String, ColumnInfo> byName(List<ColumnInfo> columns) {
        Map<String, ColumnInfo> out = new LinkedHashMap<>();
        columns.forEach(col -> out.put(col.name(), col));
        return out;
    }

    private static String describeIndex(Connection c, String index) throws SQLException {
        String table;
        String sql;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'index' AND name = ?")) {
            ps.setString(1, index);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "missing";
                }
                table = rs.getString(1);
                sql = rs.getString(2);
            }
        }
        List<String> cols = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA index_xinfo(" + index + ")")) {
            while (rs.next()) {
                if (rs.getInt("key") == 1) {
                    cols.add(rs.getString("name") + (rs.getInt("desc") == 1 ? " DESC" : ""));
                }
            }
        }
        return table + "(" + String.join(",", cols) + ")" + (sql.contains(" WHERE ") ? " WHERE" : "");
    }

    private static String uniqueConstraintColumns(Connection c, String table) throws SQLException {
        List<String> uniques = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA index_list(" + table + ")")) {
            while (rs.next()) {
                if (rs.getString("origin").equals("u")) {
                    uniques.add(rs.getString("name"));
                }
            }
        }
        assertEquals(1, uniques.size(), table + " has one UNIQUE constraint");
        List<String> cols = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA index_info(" + uniques.get(0) + ")")) {
            while (rs.next()) {
                cols.add(rs.getString("name"));
            }
        }
        return String.join(",", cols);
    }

    private static Set<String> strings(Connection c, String sql) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static byte[] bytes(UUID uuid) {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
    }
}
