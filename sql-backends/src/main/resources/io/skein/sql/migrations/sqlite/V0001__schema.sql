-- skein:backward_compatible=false
-- V0001: the whole schema of spec 05 §1 for SQLite.
-- Types: uuid -> BLOB (16 bytes), json and text lists -> TEXT (JSON), bool -> INTEGER 0/1, *_ms -> INTEGER.
-- SQLite lets NULL into non-INTEGER primary-key columns, so every key column is declared NOT NULL.
-- ff_migration_annotation is created by the migration runner itself (it must exist before V0001 runs).

-- 1.2 Executions ------------------------------------------------------------------------------------------

CREATE TABLE ff_exec_core (
    partition_key                  INTEGER NOT NULL,
    execution_id                   BLOB    NOT NULL,
    flow_id                        BLOB,
    lane_id                        TEXT    NOT NULL,
    namespace                      TEXT    NOT NULL DEFAULT 'default',
    execution_kind                 TEXT,
    creator_identity               TEXT,
    idempotency_key                TEXT,
    required_capabilities          TEXT    NOT NULL DEFAULT '[]',
    attempt_index                  INTEGER NOT NULL DEFAULT 0,
    total_attempt_count            INTEGER NOT NULL DEFAULT 0,
    lifecycle_phase                TEXT    NOT NULL,
    ownership_state                TEXT    NOT NULL,
    eligibility_state              TEXT    NOT NULL,
    public_state                   TEXT    NOT NULL,
    attempt_state                  TEXT    NOT NULL,
    blocking_reason                TEXT,
    blocking_detail                TEXT,
    terminal_outcome               TEXT    NOT NULL DEFAULT 'none',
    priority                       INTEGER NOT NULL DEFAULT 0,
    created_at_ms                  INTEGER NOT NULL,
    started_at_ms                  INTEGER,
    terminal_at_ms                 INTEGER,
    last_transition_at_ms          INTEGER,
    last_mutation_at_ms            INTEGER,
    delay_until_ms                 INTEGER,
    deadline_at_ms                 INTEGER,
    retry_count                    INTEGER NOT NULL DEFAULT 0,
    replay_count                   INTEGER NOT NULL DEFAULT 0,
    lease_reclaim_count            INTEGER NOT NULL DEFAULT 0,
    budget_ids                     TEXT    NOT NULL DEFAULT '[]',
    quota_policy_id                TEXT,
    payload                        BLOB,
    result                         BLOB,
    payload_encoding               TEXT,
    result_encoding                TEXT,
    policy                         TEXT,
    tags                           TEXT    NOT NULL DEFAULT '{}',
    progress_pct                   INTEGER,
    progress_message               TEXT,
    progress_updated_at_ms         INTEGER,
    failure_reason                 TEXT,
    failure_category               TEXT,
    cancellation_reason            TEXT,
    cancelled_by                   TEXT,
    pending_retry_reason           TEXT,
    pending_replay_reason          TEXT,
    pending_replay_requested_by    TEXT,
    pending_previous_attempt_index INTEGER,
    current_suspension_id          BLOB,
    current_waitpoint_id           BLOB,
    last_capability_mismatch_at_ms INTEGER,
    state_version                  INTEGER NOT NULL DEFAULT 0,
    raw_fields                     TEXT    NOT NULL DEFAULT '{}',
    PRIMARY KEY (partition_key, execution_id)
);

CREATE INDEX ff_exec_core_eligible_idx
    ON ff_exec_core (partition_key, lane_id, lifecycle_phase, eligibility_state, priority DESC, created_at_ms);
-- execution_id completes the claim order (priority desc, created_at, id), so claims read it straight off the index
CREATE INDEX ff_exec_core_lane_eligible_idx
    ON ff_exec_core (lane_id, priority DESC, created_at_ms, execution_id)
    WHERE lifecycle_phase = 'runnable' AND eligibility_state = 'eligible_now';
CREATE INDEX ff_exec_core_delay_until_idx
    ON ff_exec_core (partition_key, delay_until_ms) WHERE delay_until_ms IS NOT NULL;
CREATE INDEX ff_exec_core_deadline_idx
    ON ff_exec_core (partition_key, deadline_at_ms) WHERE deadline_at_ms IS NOT NULL;
CREATE INDEX ff_exec_core_flow_idx
    ON ff_exec_core (partition_key, flow_id) WHERE flow_id IS NOT NULL;
CREATE INDEX ff_exec_core_retention_idx
    ON ff_exec_core (partition_key, lifecycle_phase, terminal_at_ms);

-- 1.3 Attempts --------------------------------------------------------------------------------------------

CREATE TABLE ff_attempt (
    partition_key          INTEGER NOT NULL,
    execution_id           BLOB    NOT NULL,
    attempt_index          INTEGER NOT NULL,
    attempt_id             BLOB,
    lease_id               BLOB,
    attempt_type           TEXT,
    lifecycle              TEXT    NOT NULL DEFAULT 'created',
    worker_id              TEXT,
    worker_instance_id     TEXT,
    lease_epoch            INTEGER NOT NULL DEFAULT 0,
    lease_expires_at_ms    INTEGER,
    lease_acquired_at_ms   INTEGER,
    lease_renewed_at_ms    INTEGER,
    created_at_ms          INTEGER,
    started_at_ms          INTEGER,
    terminal_at_ms         INTEGER,
    suspended_at_ms        INTEGER,
    resumed_at_ms          INTEGER,
    attempt_timeout_at_ms  INTEGER,
    failure_reason         TEXT,
    failure_category       TEXT,
    previous_attempt_index INTEGER,
    lineage_reason         TEXT,
    replay_requested_by    TEXT,
    usage                  TEXT,
    policy                 TEXT,
    raw_fields             TEXT    NOT NULL DEFAULT '{}',
    PRIMARY KEY (partition_key, execution_id, attempt_index)
);

CREATE INDEX ff_attempt_lease_expiry_idx
    ON ff_attempt (partition_key, lease_expires_at_ms) WHERE lease_expires_at_ms IS NOT NULL;
CREATE INDEX ff_attempt_timeout_idx
    ON ff_attempt (partition_key, attempt_timeout_at_ms) WHERE attempt_timeout_at_ms IS NOT NULL;
CREATE INDEX ff_attempt_worker_instance_idx
    ON ff_attempt (partition_key, worker_instance_id) WHERE worker_instance_id IS NOT NULL;

-- 1.4 Claim grants ----------------------------------------------------------------------------------------

CREATE TABLE ff_claim_grant (
    partition_key       INTEGER NOT NULL,
    grant_id            BLOB    NOT NULL,
    execution_id        BLOB    NOT NULL,
    kind                TEXT    NOT NULL CHECK (kind IN ('claim', 'resume', 'reclaim')),
    worker_id           TEXT    NOT NULL,
    worker_instance_id  TEXT    NOT NULL,
    lane_id             TEXT,
    capability_hash     TEXT,
    worker_capabilities TEXT    NOT NULL DEFAULT '[]',
    route_snapshot_json TEXT,
    admission_summary   TEXT,
    grant_ttl_ms        INTEGER NOT NULL,
    issued_at_ms        INTEGER NOT NULL,
    expires_at_ms       INTEGER NOT NULL,
    PRIMARY KEY (partition_key, grant_id),
    UNIQUE (partition_key, execution_id, kind)
);

CREATE INDEX ff_claim_grant_expiry_idx ON ff_claim_grant (expires_at_ms);

-- 1.5 Streams ---------------------------------------------------------------------------------------------

CREATE TABLE ff_stream_frame (
    partition_key INTEGER NOT NULL,
    execution_id  BLOB    NOT NULL,
    attempt_index INTEGER NOT NULL,
    ts_ms         INTEGER NOT NULL,
    seq           INTEGER NOT NULL,
    fields        TEXT    NOT NULL,
    mode          TEXT    NOT NULL DEFAULT 'durable',
    created_at_ms INTEGER NOT NULL,
    PRIMARY KEY (partition_key, execution_id, attempt_index, ts_ms, seq)
);

CREATE TABLE ff_stream_meta (
    partition_key       INTEGER NOT NULL,
    execution_id        BLOB    NOT NULL,
    attempt_index       INTEGER NOT NULL,
    attempt_id          BLOB,
    created_at_ms       INTEGER,
    closed_at_ms        INTEGER,
    closed_reason       TEXT,
    frame_count         INTEGER NOT NULL DEFAULT 0,
    total_bytes         INTEGER NOT NULL DEFAULT 0,
    last_ts_ms          INTEGER,
    last_seq            INTEGER,
    has_durable_frame   INTEGER NOT NULL DEFAULT 0,
    ema_rate_hz         REAL,
    last_append_ts_ms   INTEGER,
    maxlen_applied_last INTEGER,
    PRIMARY KEY (partition_key, execution_id, attempt_index)
);

CREATE TABLE ff_stream_summary (
    partition_key    INTEGER NOT NULL,
    execution_id     BLOB    NOT NULL,
    attempt_index    INTEGER NOT NULL,
    document_json    TEXT    NOT NULL,
    version          INTEGER NOT NULL DEFAULT 0,
    patch_kind       TEXT,
    last_updated_ms  INTEGER,
    first_applied_ms INTEGER,
    PRIMARY KEY (partition_key, execution_id, attempt_index)
);

-- 1.6 Suspension, waitpoints, signals ---------------------------------------------------------------------

CREATE TABLE ff_suspension_current (
    partition_key                 INTEGER NOT NULL,
    execution_id                  BLOB    NOT NULL,
    suspension_id                 BLOB    NOT NULL,
    attempt_index                 INTEGER,
    state                         TEXT    NOT NULL,
    suspended_at_ms               INTEGER,
    timeout_at_ms                 INTEGER,
    timeout_behavior              TEXT,
    reason_code                   TEXT,
    requested_by                  TEXT,
    waitpoint_id                  BLOB,
    waitpoint_key                 TEXT,
    additional_waitpoints         TEXT,
    condition                     TEXT    NOT NULL,
    resume_policy                 TEXT,
    continuation_metadata_pointer TEXT,
    satisfied_set                 TEXT    NOT NULL DEFAULT '{}',
    member_map                    TEXT    NOT NULL DEFAULT '{}',
    last_signal_at_ms             INTEGER,
    satisfied_at_ms               INTEGER,
    closed_at_ms                  INTEGER,
    close_reason                  TEXT,
    closer_signal_id              BLOB,
    satisfier_signal_ids          TEXT,
    PRIMARY KEY (partition_key, execution_id)
);

CREATE INDEX ff_suspension_current_timeout_idx
    ON ff_suspension_current (partition_key, timeout_at_ms) WHERE state = 'open';
CREATE INDEX ff_suspension_current_suspended_idx
    ON ff_suspension_current (partition_key, suspended_at_ms);

CREATE TABLE ff_waitpoint_pending (
    partition_key         INTEGER NOT NULL,
    waitpoint_id          BLOB    NOT NULL,
    execution_id          BLOB    NOT NULL,
    attempt_index         INTEGER,
    suspension_id         BLOB,
    waitpoint_key         TEXT    NOT NULL DEFAULT '',
    token_kid             TEXT,
    token                 TEXT,
    state                 TEXT    NOT NULL DEFAULT 'pending',
    required_signal_names TEXT    NOT NULL DEFAULT '[]',
    condition             TEXT,
    created_at_ms         INTEGER NOT NULL,
    activated_at_ms       INTEGER,
    expires_at_ms         INTEGER,
    closed_at_ms          INTEGER,
    close_reason          TEXT,
    signal_count          INTEGER NOT NULL DEFAULT 0,
    matched_signal_count  INTEGER NOT NULL DEFAULT 0,
    last_signal_at_ms     INTEGER,
    PRIMARY KEY (partition_key, waitpoint_id)
);

CREATE INDEX ff_waitpoint_pending_execution_idx
    ON ff_waitpoint_pending (partition_key, execution_id, waitpoint_id);
CREATE INDEX ff_waitpoint_pending_expiry_idx
    ON ff_waitpoint_pending (partition_key, expires_at_ms) WHERE state = 'pending';

CREATE TABLE ff_signal (
    partition_key    INTEGER NOT NULL,
    execution_id     BLOB    NOT NULL,
    signal_id        BLOB    NOT NULL,
    waitpoint_id     BLOB,
    suspension_id    BLOB,
    signal_name      TEXT,
    signal_category  TEXT,
    source_type      TEXT,
    source_identity  TEXT,
    payload          BLOB,
    payload_encoding TEXT,
    correlation_id   TEXT,
    idempotency_key  TEXT,
    target_scope     TEXT,
    created_at_ms    INTEGER,
    accepted_at_ms   INTEGER NOT NULL,
    observed_effect  TEXT,
    matched          INTEGER,
    satisfier        INTEGER,
    PRIMARY KEY (partition_key, execution_id, signal_id)
);

CREATE INDEX ff_signal_waitpoint_idx ON ff_signal (partition_key, waitpoint_id, accepted_at_ms);

CREATE TABLE ff_signal_dedup (
    partition_key   INTEGER NOT NULL,
    waitpoint_id    BLOB    NOT NULL,
    idempotency_key TEXT    NOT NULL,
    signal_id       BLOB    NOT NULL,
    expires_at_ms   INTEGER NOT NULL,
    PRIMARY KEY (partition_key, waitpoint_id, idempotency_key)
);

-- Housekeeping (timer 14) deletes expired de-dup rows.
CREATE INDEX ff_signal_dedup_expiry_idx ON ff_signal_dedup (expires_at_ms);

CREATE TABLE ff_suspend_dedup (
    partition_key   INTEGER NOT NULL,
    execution_id    BLOB    NOT NULL,
    idempotency_key TEXT    NOT NULL,
    outcome_json    TEXT    NOT NULL,
    created_at_ms   INTEGER,
    expires_at_ms   INTEGER NOT NULL,
    PRIMARY KEY (partition_key, execution_id, idempotency_key)
);

CREATE INDEX ff_suspend_dedup_expiry_idx ON ff_suspend_dedup (expires_at_ms);

-- 1.7 Flows -----------------------------------------------------------------------------------------------

CREATE TABLE ff_flow_core (
    partition_key       INTEGER NOT NULL,
    flow_id             BLOB    NOT NULL,
    flow_kind           TEXT,
    namespace           TEXT,
    graph_revision      INTEGER NOT NULL DEFAULT 0,
    node_count          INTEGER NOT NULL DEFAULT 0,
    edge_count          INTEGER NOT NULL DEFAULT 0,
    public_flow_state   TEXT    NOT NULL,
    created_at_ms       INTEGER NOT NULL,
    last_mutation_at_ms INTEGER,
    terminal_at_ms      INTEGER,
    cancel_reason       TEXT,
    cancellation_policy TEXT,
    tags                TEXT    NOT NULL DEFAULT '{}',
    raw_fields          TEXT    NOT NULL DEFAULT '{}',
    PRIMARY KEY (partition_key, flow_id)
);

CREATE TABLE ff_edge (
    partition_key    INTEGER NOT NULL,
    flow_id          BLOB    NOT NULL,
    edge_id          BLOB    NOT NULL,
    upstream_eid     BLOB    NOT NULL,
    downstream_eid   BLOB    NOT NULL,
    dependency_kind  TEXT    NOT NULL DEFAULT 'success_only',
    data_passing_ref TEXT,
    edge_state       TEXT    NOT NULL,
    dependency_state TEXT,
    staged_at_ms     INTEGER,
    applied_at_ms    INTEGER,
    resolved_at_ms   INTEGER,
    created_by       TEXT    NOT NULL DEFAULT 'engine',
    policy           TEXT    NOT NULL DEFAULT '{}',
    policy_version   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (partition_key, flow_id, edge_id),
    UNIQUE (partition_key, flow_id, upstream_eid, downstream_eid)
);

CREATE INDEX ff_edge_downstream_idx ON ff_edge (partition_key, flow_id, downstream_eid);
CREATE INDEX ff_edge_upstream_idx ON ff_edge (partition_key, flow_id, upstream_eid);

CREATE TABLE ff_edge_group (
    partition_key                   INTEGER NOT NULL,
    flow_id                         BLOB    NOT NULL,
    downstream_eid                  BLOB    NOT NULL,
    policy                          TEXT    NOT NULL,
    k_target                        INTEGER NOT NULL DEFAULT 0,
    total_count                     INTEGER NOT NULL DEFAULT 0,
    success_count                   INTEGER NOT NULL DEFAULT 0,
    fail_count                      INTEGER NOT NULL DEFAULT 0,
    skip_count                      INTEGER NOT NULL DEFAULT 0,
    running_count                   INTEGER NOT NULL DEFAULT 0,
    unsatisfied_count               INTEGER NOT NULL DEFAULT 0,
    group_state                     TEXT    NOT NULL DEFAULT 'pending',
    fired_at_ms                     INTEGER,
    cancel_siblings_pending_flag    INTEGER NOT NULL DEFAULT 0,
    cancel_siblings_pending_members TEXT,
    PRIMARY KEY (partition_key, flow_id, downstream_eid)
);

CREATE TABLE ff_pending_cancel_groups (
    partition_key  INTEGER NOT NULL,
    flow_id        BLOB    NOT NULL,
    downstream_eid BLOB    NOT NULL,
    enqueued_at_ms INTEGER,
    PRIMARY KEY (partition_key, flow_id, downstream_eid)
);

CREATE INDEX ff_pending_cancel_groups_enqueued_idx ON ff_pending_cancel_groups (partition_key, enqueued_at_ms);

CREATE TABLE ff_cancel_backlog (
    partition_key       INTEGER NOT NULL,
    flow_id             BLOB    NOT NULL,
    requested_at_ms     INTEGER,
    requester           TEXT    DEFAULT '',
    reason              TEXT    DEFAULT '',
    grace_until_ms      INTEGER,
    cancellation_policy TEXT    NOT NULL,
    status              TEXT    DEFAULT 'pending',
    PRIMARY KEY (partition_key, flow_id)
);

CREATE TABLE ff_cancel_backlog_member (
    partition_key INTEGER NOT NULL,
    flow_id       BLOB    NOT NULL,
    execution_id  BLOB    NOT NULL,
    PRIMARY KEY (partition_key, flow_id, execution_id)
);

CREATE TABLE ff_flow_summary (
    partition_key            INTEGER NOT NULL,
    flow_id                  BLOB    NOT NULL,
    total_members            INTEGER NOT NULL DEFAULT 0,
    members_completed        INTEGER NOT NULL DEFAULT 0,
    members_failed           INTEGER NOT NULL DEFAULT 0,
    members_cancelled        INTEGER NOT NULL DEFAULT 0,
    members_expired          INTEGER NOT NULL DEFAULT 0,
    members_skipped          INTEGER NOT NULL DEFAULT 0,
    members_active           INTEGER NOT NULL DEFAULT 0,
    members_suspended        INTEGER NOT NULL DEFAULT 0,
    members_waiting          INTEGER NOT NULL DEFAULT 0,
    members_delayed          INTEGER NOT NULL DEFAULT 0,
    members_rate_limited     INTEGER NOT NULL DEFAULT 0,
    members_waiting_children INTEGER NOT NULL DEFAULT 0,
    public_flow_state        TEXT    NOT NULL,
    last_summary_update_at   INTEGER NOT NULL,
    PRIMARY KEY (partition_key, flow_id)
);

-- 1.8 Outboxes (D7). One writer: insertion order = commit order, so event_id is the cursor (05 §3). ----------

CREATE TABLE ff_completion_event (
    event_id         INTEGER PRIMARY KEY AUTOINCREMENT,
    partition_key    INTEGER NOT NULL,
    execution_id     BLOB    NOT NULL,
    namespace        TEXT,
    instance_tag     TEXT,
    occurred_at_ms   INTEGER NOT NULL,
    flow_id          BLOB,
    outcome          TEXT    NOT NULL,
    committed_at_ms  INTEGER NOT NULL,
    dispatched_at_ms INTEGER
);

CREATE INDEX ff_completion_event_partition_idx ON ff_completion_event (partition_key, event_id);
CREATE INDEX ff_completion_event_namespace_idx ON ff_completion_event (namespace) WHERE namespace IS NOT NULL;
CREATE INDEX ff_completion_event_instance_tag_idx
    ON ff_completion_event (instance_tag) WHERE instance_tag IS NOT NULL;
CREATE INDEX ff_completion_event_execution_idx
    ON ff_completion_event (partition_key, execution_id, occurred_at_ms);
CREATE INDEX ff_completion_event_undispatched_idx
    ON ff_completion_event (partition_key, occurred_at_ms) WHERE dispatched_at_ms IS NULL;

CREATE TABLE ff_lease_event (
    event_id           INTEGER PRIMARY KEY AUTOINCREMENT,
    partition_key      INTEGER NOT NULL,
    execution_id       BLOB    NOT NULL,
    namespace          TEXT,
    instance_tag       TEXT,
    occurred_at_ms     INTEGER NOT NULL,
    lease_id           BLOB,
    lease_epoch        INTEGER,
    worker_instance_id TEXT,
    event_type         TEXT    NOT NULL,
    reason             TEXT
);

CREATE INDEX ff_lease_event_partition_idx ON ff_lease_event (partition_key, event_id);
CREATE INDEX ff_lease_event_namespace_idx ON ff_lease_event (namespace) WHERE namespace IS NOT NULL;
CREATE INDEX ff_lease_event_instance_tag_idx ON ff_lease_event (instance_tag) WHERE instance_tag IS NOT NULL;

CREATE TABLE ff_signal_event (
    event_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    partition_key   INTEGER NOT NULL,
    execution_id    BLOB    NOT NULL,
    namespace       TEXT,
    instance_tag    TEXT,
    occurred_at_ms  INTEGER NOT NULL,
    signal_id       BLOB    NOT NULL,
    waitpoint_id    BLOB,
    source_identity TEXT,
    effect          TEXT,
    delivered_at_ms INTEGER NOT NULL
);

CREATE INDEX ff_signal_event_partition_idx ON ff_signal_event (partition_key, event_id);
CREATE INDEX ff_signal_event_namespace_idx ON ff_signal_event (namespace) WHERE namespace IS NOT NULL;
CREATE INDEX ff_signal_event_instance_tag_idx ON ff_signal_event (instance_tag) WHERE instance_tag IS NOT NULL;

CREATE TABLE ff_operator_event (
    event_id       INTEGER PRIMARY KEY AUTOINCREMENT,
    partition_key  INTEGER NOT NULL,
    execution_id   BLOB    NOT NULL,
    namespace      TEXT,
    instance_tag   TEXT,
    occurred_at_ms INTEGER NOT NULL,
    event_type     TEXT    NOT NULL
        CHECK (event_type IN ('priority_changed', 'replayed', 'flow_cancel_requested')),
    details        TEXT
);

CREATE INDEX ff_operator_event_partition_idx ON ff_operator_event (partition_key, event_id);
CREATE INDEX ff_operator_event_namespace_idx ON ff_operator_event (namespace) WHERE namespace IS NOT NULL;
CREATE INDEX ff_operator_event_instance_tag_idx
    ON ff_operator_event (instance_tag) WHERE instance_tag IS NOT NULL;

-- 1.9 Budgets (budget partitions: execution ids are the full text id) ---------------------------------------

CREATE TABLE ff_budget_policy (
    partition_key     INTEGER NOT NULL,
    budget_id         TEXT    NOT NULL,
    policy_json       TEXT    NOT NULL,
    scope_type        TEXT,
    scope_id          TEXT,
    enforcement_mode  TEXT    NOT NULL DEFAULT '',
    breach_count      INTEGER NOT NULL DEFAULT 0,
    soft_breach_count INTEGER NOT NULL DEFAULT 0,
    last_breach_at_ms INTEGER,
    last_breach_dim   TEXT,
    next_reset_at_ms  INTEGER,
    reset_count       INTEGER NOT NULL DEFAULT 0,
    last_reset_at_ms  INTEGER,
    created_at_ms     INTEGER,
    updated_at_ms     INTEGER,
    PRIMARY KEY (partition_key, budget_id)
);

CREATE INDEX ff_budget_policy_next_reset_idx
    ON ff_budget_policy (partition_key, next_reset_at_ms) WHERE next_reset_at_ms IS NOT NULL;

CREATE TABLE ff_budget_usage (
    partition_key    INTEGER NOT NULL,
    budget_id        TEXT    NOT NULL,
    dimensions_key   TEXT    NOT NULL,
    current_value    INTEGER NOT NULL DEFAULT 0,
    last_reset_at_ms INTEGER,
    updated_at_ms    INTEGER,
    PRIMARY KEY (partition_key, budget_id, dimensions_key)
);

CREATE TABLE ff_budget_usage_dedup (
    partition_key INTEGER NOT NULL,
    budget_id     TEXT    NOT NULL,
    dedup_key     TEXT    NOT NULL,
    outcome_json  TEXT,
    applied_at_ms INTEGER,
    expires_at_ms INTEGER,
    PRIMARY KEY (partition_key, budget_id, dedup_key)
);

CREATE INDEX ff_budget_usage_dedup_expiry_idx ON ff_budget_usage_dedup (expires_at_ms);

CREATE TABLE ff_budget_usage_by_exec (
    partition_key  INTEGER NOT NULL,
    budget_id      TEXT    NOT NULL,
    execution_id   TEXT    NOT NULL,
    dimensions_key TEXT    NOT NULL,
    delta_total    INTEGER NOT NULL,
    updated_at_ms  INTEGER,
    PRIMARY KEY (partition_key, budget_id, execution_id, dimensions_key)
);

CREATE INDEX ff_budget_usage_by_exec_execution_idx ON ff_budget_usage_by_exec (partition_key, budget_id, execution_id);

-- Quotas (quota partitions: execution ids are the full text id) ----------------------------------------------

CREATE TABLE ff_quota_policy (
    partition_key               INTEGER NOT NULL,
    quota_policy_id             TEXT    NOT NULL,
    requests_per_window_seconds INTEGER,
    max_requests_per_window     INTEGER,
    active_concurrency_cap      INTEGER,
    active_concurrency          INTEGER NOT NULL DEFAULT 0,
    jitter_ms                   INTEGER NOT NULL DEFAULT 0,
    created_at_ms               INTEGER,
    updated_at_ms               INTEGER,
    PRIMARY KEY (partition_key, quota_policy_id)
);

CREATE TABLE ff_quota_window (
    partition_key   INTEGER NOT NULL,
    quota_policy_id TEXT    NOT NULL,
    dimension       TEXT    NOT NULL DEFAULT '',
    admitted_at_ms  INTEGER NOT NULL,
    execution_id    TEXT    NOT NULL,
    PRIMARY KEY (partition_key, quota_policy_id, dimension, admitted_at_ms, execution_id)
);

CREATE TABLE ff_quota_admitted (
    partition_key   INTEGER NOT NULL,
    quota_policy_id TEXT    NOT NULL,
    execution_id    TEXT    NOT NULL,
    admitted_at_ms  INTEGER,
    expires_at_ms   INTEGER,
    PRIMARY KEY (partition_key, quota_policy_id, execution_id)
);

CREATE INDEX ff_quota_admitted_expiry_idx ON ff_quota_admitted (expires_at_ms);

-- Idempotent create (execution partition: execution_id is the uuid) ------------------------------------------

CREATE TABLE ff_exec_idempotency (
    partition_key   INTEGER NOT NULL,
    namespace       TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL,
    execution_id    BLOB    NOT NULL,
    expires_at_ms   INTEGER NOT NULL,
    PRIMARY KEY (partition_key, namespace, idempotency_key)
);

CREATE INDEX ff_exec_idempotency_expiry_idx ON ff_exec_idempotency (expires_at_ms);

-- Workers (T2) ----------------------------------------------------------------------------------------------

CREATE TABLE ff_worker_registry (
    namespace          TEXT NOT NULL,
    worker_instance_id TEXT NOT NULL,
    worker_id          TEXT,
    lanes              TEXT,
    capabilities_csv   TEXT,
    last_heartbeat_ms  INTEGER,
    liveness_ttl_ms    INTEGER,
    registered_at_ms   INTEGER,
    PRIMARY KEY (namespace, worker_instance_id)
);

CREATE TABLE ff_worker_registry_event (
    namespace          TEXT    NOT NULL,
    worker_instance_id TEXT    NOT NULL,
    event_at_ms        INTEGER NOT NULL,
    event_kind         TEXT    NOT NULL,
    reason             TEXT,
    PRIMARY KEY (namespace, worker_instance_id, event_at_ms, event_kind)
);

-- Globals -----------------------------------------------------------------------------------------------------

CREATE TABLE ff_waitpoint_hmac (
    kid           TEXT    NOT NULL PRIMARY KEY,
    secret        BLOB    NOT NULL,
    rotated_at_ms INTEGER NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    expires_at_ms INTEGER
);

-- At most one current kid; rotation retires the old row before inserting the new one.
CREATE UNIQUE INDEX ff_waitpoint_hmac_one_active_idx ON ff_waitpoint_hmac (active) WHERE active = 1;

CREATE TABLE ff_lane_registry (
    lane_id          TEXT NOT NULL PRIMARY KEY,
    registered_at_ms INTEGER,
    registered_by    TEXT
);

CREATE TABLE ff_partition_config (
    singleton_lock        INTEGER NOT NULL PRIMARY KEY CHECK (singleton_lock = 1),
    num_flow_partitions   INTEGER,
    num_budget_partitions INTEGER,
    num_quota_partitions  INTEGER,
    skein_version         TEXT
);

CREATE TABLE ff_command_log (
    command_id    BLOB    NOT NULL PRIMARY KEY,
    partition_key INTEGER,
    command_type  TEXT,
    result_json   TEXT    NOT NULL,
    outputs_json  TEXT    NOT NULL DEFAULT '[]',
    applied_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL
);

CREATE INDEX ff_command_log_expiry_idx ON ff_command_log (expires_at_ms);
