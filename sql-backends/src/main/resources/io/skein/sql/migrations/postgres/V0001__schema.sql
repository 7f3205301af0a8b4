-- skein:backward_compatible=false
-- V0001: the whole schema of spec 05 §1 for PostgreSQL (15 or newer).
-- Same tables, columns and indexes as the SQLite V0001; types per spec 05 §1.1 with one deliberate deviation:
-- the text lists (required_capabilities, budget_ids, required_signal_names, lanes, cancel_siblings_pending_members)
-- are jsonb arrays, not text[], so the shared engine code binds and reads them the same way on both backends.
-- ff_stream_frame.fields is json, not jsonb: frame payloads may carry \u0000, which jsonb cannot hold.
-- Tables are not hash-partitioned (spec 05 §1.1 allows it; the logical schema is the same).
-- ff_migration_annotation is created by the migration runner itself (it must exist before V0001 runs).

-- 1.2 Executions ------------------------------------------------------------------------------------------

CREATE TABLE ff_exec_core (
    partition_key                  smallint NOT NULL,
    execution_id                   uuid       NOT NULL,
    flow_id                        uuid   ,
    lane_id                        text       NOT NULL,
    namespace                      text       NOT NULL DEFAULT 'default',
    execution_kind                 text   ,
    creator_identity               text   ,
    idempotency_key                text   ,
    required_capabilities          jsonb      NOT NULL DEFAULT '[]',
    attempt_index                  integer NOT NULL DEFAULT 0,
    total_attempt_count            integer NOT NULL DEFAULT 0,
    lifecycle_phase                text       NOT NULL,
    ownership_state                text       NOT NULL,
    eligibility_state              text       NOT NULL,
    public_state                   text       NOT NULL,
    attempt_state                  text       NOT NULL,
    blocking_reason                text   ,
    blocking_detail                text   ,
    terminal_outcome               text       NOT NULL DEFAULT 'none',
    priority                       integer NOT NULL DEFAULT 0,
    created_at_ms                  bigint  NOT NULL,
    started_at_ms                  bigint ,
    terminal_at_ms                 bigint ,
    last_transition_at_ms          bigint ,
    last_mutation_at_ms            bigint ,
    delay_until_ms                 bigint ,
    deadline_at_ms                 bigint ,
    retry_count                    integer NOT NULL DEFAULT 0,
    replay_count                   integer NOT NULL DEFAULT 0,
    lease_reclaim_count            integer NOT NULL DEFAULT 0,
    budget_ids                     jsonb      NOT NULL DEFAULT '[]',
    quota_policy_id                text   ,
    payload                        bytea  ,
    result                         bytea  ,
    payload_encoding               text   ,
    result_encoding                text   ,
    policy                         jsonb  ,
    tags                           jsonb      NOT NULL DEFAULT '{}',
    progress_pct                   smallint,
    progress_message               text   ,
    progress_updated_at_ms         bigint ,
    failure_reason                 text   ,
    failure_category               text   ,
    cancellation_reason            text   ,
    cancelled_by                   text   ,
    pending_retry_reason           text   ,
    pending_replay_reason          text   ,
    pending_replay_requested_by    text   ,
    pending_previous_attempt_index integer,
    current_suspension_id          uuid   ,
    current_waitpoint_id           uuid   ,
    last_capability_mismatch_at_ms bigint ,
    state_version                  bigint  NOT NULL DEFAULT 0,
    raw_fields                     jsonb      NOT NULL DEFAULT '{}',
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
    partition_key          smallint NOT NULL,
    execution_id           uuid       NOT NULL,
    attempt_index          integer NOT NULL,
    attempt_id             uuid   ,
    lease_id               uuid   ,
    attempt_type           text   ,
    lifecycle              text       NOT NULL DEFAULT 'created',
    worker_id              text   ,
    worker_instance_id     text   ,
    lease_epoch            bigint  NOT NULL DEFAULT 0,
    lease_expires_at_ms    bigint ,
    lease_acquired_at_ms   bigint ,
    lease_renewed_at_ms    bigint ,
    created_at_ms          bigint ,
    started_at_ms          bigint ,
    terminal_at_ms         bigint ,
    suspended_at_ms        bigint ,
    resumed_at_ms          bigint ,
    attempt_timeout_at_ms  bigint ,
    failure_reason         text   ,
    failure_category       text   ,
    previous_attempt_index integer,
    lineage_reason         text   ,
    replay_requested_by    text   ,
    usage                  jsonb  ,
    policy                 jsonb  ,
    raw_fields             jsonb      NOT NULL DEFAULT '{}',
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
    partition_key       smallint NOT NULL,
    grant_id            bytea      NOT NULL,
    execution_id        uuid       NOT NULL,
    kind                text       NOT NULL CHECK (kind IN ('claim', 'resume', 'reclaim')),
    worker_id           text       NOT NULL,
    worker_instance_id  text       NOT NULL,
    lane_id             text   ,
    capability_hash     text   ,
    worker_capabilities jsonb      NOT NULL DEFAULT '[]',
    route_snapshot_json text   ,
    admission_summary   text   ,
    grant_ttl_ms        bigint  NOT NULL,
    issued_at_ms        bigint  NOT NULL,
    expires_at_ms       bigint  NOT NULL,
    PRIMARY KEY (partition_key, grant_id),
    UNIQUE (partition_key, execution_id, kind)
);

CREATE INDEX ff_claim_grant_expiry_idx ON ff_claim_grant (expires_at_ms);

-- 1.5 Streams ---------------------------------------------------------------------------------------------

CREATE TABLE ff_stream_frame (
    partition_key smallint NOT NULL,
    execution_id  uuid       NOT NULL,
    attempt_index integer NOT NULL,
    ts_ms         bigint  NOT NULL,
    seq           integer NOT NULL,
    fields        json       NOT NULL,
    mode          text       NOT NULL DEFAULT 'durable',
    created_at_ms bigint  NOT NULL,
    PRIMARY KEY (partition_key, execution_id, attempt_index, ts_ms, seq)
);

CREATE TABLE ff_stream_meta (
    partition_key       smallint NOT NULL,
    execution_id        uuid       NOT NULL,
    attempt_index       integer NOT NULL,
    attempt_id          uuid   ,
    created_at_ms       bigint ,
    closed_at_ms        bigint ,
    closed_reason       text   ,
    frame_count         bigint  NOT NULL DEFAULT 0,
    total_bytes         bigint  NOT NULL DEFAULT 0,
    last_ts_ms          bigint ,
    last_seq            integer,
    has_durable_frame   boolean NOT NULL DEFAULT FALSE,
    ema_rate_hz         double precision,
    last_append_ts_ms   bigint ,
    maxlen_applied_last integer,
    PRIMARY KEY (partition_key, execution_id, attempt_index)
);

CREATE TABLE ff_stream_summary (
    partition_key    smallint NOT NULL,
    execution_id     uuid       NOT NULL,
    attempt_index    integer NOT NULL,
    document_json    jsonb      NOT NULL,
    version          integer NOT NULL DEFAULT 0,
    patch_kind       text   ,
    last_updated_ms  bigint ,
    first_applied_ms bigint ,
    PRIMARY KEY (partition_key, execution_id, attempt_index)
);

-- 1.6 Suspension, waitpoints, signals ---------------------------------------------------------------------

CREATE TABLE ff_suspension_current (
    partition_key                 smallint NOT NULL,
    execution_id                  uuid       NOT NULL,
    suspension_id                 uuid       NOT NULL,
    attempt_index                 integer,
    state                         text       NOT NULL,
    suspended_at_ms               bigint ,
    timeout_at_ms                 bigint ,
    timeout_behavior              text   ,
    reason_code                   text   ,
    requested_by                  text   ,
    waitpoint_id                  uuid   ,
    waitpoint_key                 text   ,
    additional_waitpoints         jsonb  ,
    condition                     jsonb      NOT NULL,
    resume_policy                 jsonb  ,
    continuation_metadata_pointer text   ,
    satisfied_set                 jsonb      NOT NULL DEFAULT '{}',
    member_map                    jsonb      NOT NULL DEFAULT '{}',
    last_signal_at_ms             bigint ,
    satisfied_at_ms               bigint ,
    closed_at_ms                  bigint ,
    close_reason                  text   ,
    closer_signal_id              uuid   ,
    satisfier_signal_ids          jsonb  ,
    PRIMARY KEY (partition_key, execution_id)
);

CREATE INDEX ff_suspension_current_timeout_idx
    ON ff_suspension_current (partition_key, timeout_at_ms) WHERE state = 'open';
CREATE INDEX ff_suspension_current_suspended_idx
    ON ff_suspension_current (partition_key, suspended_at_ms);

CREATE TABLE ff_waitpoint_pending (
    partition_key         smallint NOT NULL,
    waitpoint_id          uuid       NOT NULL,
    execution_id          uuid       NOT NULL,
    attempt_index         integer,
    suspension_id         uuid   ,
    waitpoint_key         text       NOT NULL DEFAULT '',
    token_kid             text   ,
    token                 text   ,
    state                 text       NOT NULL DEFAULT 'pending',
    required_signal_names jsonb      NOT NULL DEFAULT '[]',
    condition             jsonb  ,
    created_at_ms         bigint  NOT NULL,
    activated_at_ms       bigint ,
    expires_at_ms         bigint ,
    closed_at_ms          bigint ,
    close_reason          text   ,
    signal_count          bigint  NOT NULL DEFAULT 0,
    matched_signal_count  bigint  NOT NULL DEFAULT 0,
    last_signal_at_ms     bigint ,
    PRIMARY KEY (partition_key, waitpoint_id)
);

CREATE INDEX ff_waitpoint_pending_execution_idx
    ON ff_waitpoint_pending (partition_key, execution_id, waitpoint_id);
CREATE INDEX ff_waitpoint_pending_expiry_idx
    ON ff_waitpoint_pending (partition_key, expires_at_ms) WHERE state = 'pending';

CREATE TABLE ff_signal (
    partition_key    smallint NOT NULL,
    execution_id     uuid       NOT NULL,
    signal_id        uuid       NOT NULL,
    waitpoint_id     uuid   ,
    suspension_id    uuid   ,
    signal_name      text   ,
    signal_category  text   ,
    source_type      text   ,
    source_identity  text   ,
    payload          bytea  ,
    payload_encoding text   ,
    correlation_id   text   ,
    idempotency_key  text   ,
    target_scope     text   ,
    created_at_ms    bigint ,
    accepted_at_ms   bigint  NOT NULL,
    observed_effect  text   ,
    matched          boolean,
    satisfier        boolean,
    PRIMARY KEY (partition_key, execution_id, signal_id)
);

CREATE INDEX ff_signal_waitpoint_idx ON ff_signal (partition_key, waitpoint_id, accepted_at_ms);

CREATE TABLE ff_signal_dedup (
    partition_key   smallint NOT NULL,
    waitpoint_id    uuid       NOT NULL,
    idempotency_key text       NOT NULL,
    signal_id       uuid       NOT NULL,
    expires_at_ms   bigint  NOT NULL,
    PRIMARY KEY (partition_key, waitpoint_id, idempotency_key)
);

-- Housekeeping (timer 14) deletes expired de-dup rows.
CREATE INDEX ff_signal_dedup_expiry_idx ON ff_signal_dedup (expires_at_ms);

CREATE TABLE ff_suspend_dedup (
    partition_key   smallint NOT NULL,
    execution_id    uuid       NOT NULL,
    idempotency_key text       NOT NULL,
    outcome_json    jsonb      NOT NULL,
    created_at_ms   bigint ,
    expires_at_ms   bigint  NOT NULL,
    PRIMARY KEY (partition_key, execution_id, idempotency_key)
);

CREATE INDEX ff_suspend_dedup_expiry_idx ON ff_suspend_dedup (expires_at_ms);

-- 1.7 Flows -----------------------------------------------------------------------------------------------

CREATE TABLE ff_flow_core (
    partition_key       smallint NOT NULL,
    flow_id             uuid       NOT NULL,
    flow_kind           text   ,
    namespace           text   ,
    graph_revision      bigint  NOT NULL DEFAULT 0,
    node_count          integer NOT NULL DEFAULT 0,
    edge_count          integer NOT NULL DEFAULT 0,
    public_flow_state   text       NOT NULL,
    created_at_ms       bigint  NOT NULL,
    last_mutation_at_ms bigint ,
    terminal_at_ms      bigint ,
    cancel_reason       text   ,
    cancellation_policy text   ,
    tags                jsonb      NOT NULL DEFAULT '{}',
    raw_fields          jsonb      NOT NULL DEFAULT '{}',
    PRIMARY KEY (partition_key, flow_id)
);

CREATE TABLE ff_edge (
    partition_key    smallint NOT NULL,
    flow_id          uuid       NOT NULL,
    edge_id          uuid       NOT NULL,
    upstream_eid     uuid       NOT NULL,
    downstream_eid   uuid       NOT NULL,
    dependency_kind  text       NOT NULL DEFAULT 'success_only',
    data_passing_ref text   ,
    edge_state       text       NOT NULL,
    dependency_state text   ,
    staged_at_ms     bigint ,
    applied_at_ms    bigint ,
    resolved_at_ms   bigint ,
    created_by       text       NOT NULL DEFAULT 'engine',
    policy           jsonb      NOT NULL DEFAULT '{}',
    policy_version   integer NOT NULL DEFAULT 0,
    PRIMARY KEY (partition_key, flow_id, edge_id),
    UNIQUE (partition_key, flow_id, upstream_eid, downstream_eid)
);

CREATE INDEX ff_edge_downstream_idx ON ff_edge (partition_key, flow_id, downstream_eid);
CREATE INDEX ff_edge_upstream_idx ON ff_edge (partition_key, flow_id, upstream_eid);

CREATE TABLE ff_edge_group (
    partition_key                   smallint NOT NULL,
    flow_id                         uuid       NOT NULL,
    downstream_eid                  uuid       NOT NULL,
    policy                          jsonb      NOT NULL,
    k_target                        integer NOT NULL DEFAULT 0,
    total_count                     integer NOT NULL DEFAULT 0,
    success_count                   integer NOT NULL DEFAULT 0,
    fail_count                      integer NOT NULL DEFAULT 0,
    skip_count                      integer NOT NULL DEFAULT 0,
    running_count                   integer NOT NULL DEFAULT 0,
    unsatisfied_count               integer NOT NULL DEFAULT 0,
    group_state                     text       NOT NULL DEFAULT 'pending',
    fired_at_ms                     bigint ,
    cancel_siblings_pending_flag    boolean NOT NULL DEFAULT FALSE,
    cancel_siblings_pending_members jsonb  ,
    PRIMARY KEY (partition_key, flow_id, downstream_eid)
);

CREATE TABLE ff_pending_cancel_groups (
    partition_key  smallint NOT NULL,
    flow_id        uuid       NOT NULL,
    downstream_eid uuid       NOT NULL,
    enqueued_at_ms bigint ,
    PRIMARY KEY (partition_key, flow_id, downstream_eid)
);

CREATE INDEX ff_pending_cancel_groups_enqueued_idx ON ff_pending_cancel_groups (partition_key, enqueued_at_ms);

CREATE TABLE ff_cancel_backlog (
    partition_key       smallint NOT NULL,
    flow_id             uuid       NOT NULL,
    requested_at_ms     bigint ,
    requester           text       DEFAULT '',
    reason              text       DEFAULT '',
    grace_until_ms      bigint ,
    cancellation_policy text       NOT NULL,
    status              text       DEFAULT 'pending',
    PRIMARY KEY (partition_key, flow_id)
);

CREATE TABLE ff_cancel_backlog_member (
    partition_key smallint NOT NULL,
    flow_id       uuid       NOT NULL,
    execution_id  uuid       NOT NULL,
    PRIMARY KEY (partition_key, flow_id, execution_id)
);

CREATE TABLE ff_flow_summary (
    partition_key            smallint NOT NULL,
    flow_id                  uuid       NOT NULL,
    total_members            integer NOT NULL DEFAULT 0,
    members_completed        integer NOT NULL DEFAULT 0,
    members_failed           integer NOT NULL DEFAULT 0,
    members_cancelled        integer NOT NULL DEFAULT 0,
    members_expired          integer NOT NULL DEFAULT 0,
    members_skipped          integer NOT NULL DEFAULT 0,
    members_active           integer NOT NULL DEFAULT 0,
    members_suspended        integer NOT NULL DEFAULT 0,
    members_waiting          integer NOT NULL DEFAULT 0,
    members_delayed          integer NOT NULL DEFAULT 0,
    members_rate_limited     integer NOT NULL DEFAULT 0,
    members_waiting_children integer NOT NULL DEFAULT 0,
    public_flow_state        text       NOT NULL,
    last_summary_update_at   bigint  NOT NULL,
    PRIMARY KEY (partition_key, flow_id)
);

-- 1.8 Outboxes (D7). committed_xid orders events by commit: readers pass only xids below the snapshot xmin (05 §3).

CREATE TABLE ff_completion_event (
    event_id         bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    committed_xid      xid8    NOT NULL DEFAULT pg_current_xact_id(),
    partition_key    smallint NOT NULL,
    execution_id     uuid       NOT NULL,
    namespace        text   ,
    instance_tag     text   ,
    occurred_at_ms   bigint  NOT NULL,
    flow_id          uuid   ,
    outcome          text       NOT NULL,
    committed_at_ms  bigint  NOT NULL,
    dispatched_at_ms bigint
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
    event_id           bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    committed_xid      xid8    NOT NULL DEFAULT pg_current_xact_id(),
    partition_key      smallint NOT NULL,
    execution_id       uuid       NOT NULL,
    namespace          text   ,
    instance_tag       text   ,
    occurred_at_ms     bigint  NOT NULL,
    lease_id           uuid   ,
    lease_epoch        bigint ,
    worker_instance_id text   ,
    event_type         text       NOT NULL,
    reason             text
);

CREATE INDEX ff_lease_event_partition_idx ON ff_lease_event (partition_key, event_id);
CREATE INDEX ff_lease_event_namespace_idx ON ff_lease_event (namespace) WHERE namespace IS NOT NULL;
CREATE INDEX ff_lease_event_instance_tag_idx ON ff_lease_event (instance_tag) WHERE instance_tag IS NOT NULL;

CREATE TABLE ff_signal_event (
    event_id        bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    committed_xid      xid8    NOT NULL DEFAULT pg_current_xact_id(),
    partition_key   smallint NOT NULL,
    execution_id    uuid       NOT NULL,
    namespace       text   ,
    instance_tag    text   ,
    occurred_at_ms  bigint  NOT NULL,
    signal_id       uuid       NOT NULL,
    waitpoint_id    uuid   ,
    source_identity text   ,
    effect          text   ,
    delivered_at_ms bigint  NOT NULL
);

CREATE INDEX ff_signal_event_partition_idx ON ff_signal_event (partition_key, event_id);
CREATE INDEX ff_signal_event_namespace_idx ON ff_signal_event (namespace) WHERE namespace IS NOT NULL;
CREATE INDEX ff_signal_event_instance_tag_idx ON ff_signal_event (instance_tag) WHERE instance_tag IS NOT NULL;

CREATE TABLE ff_operator_event (
    event_id       bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    committed_xid      xid8    NOT NULL DEFAULT pg_current_xact_id(),
    partition_key  smallint NOT NULL,
    execution_id   uuid       NOT NULL,
    namespace      text   ,
    instance_tag   text   ,
    occurred_at_ms bigint  NOT NULL,
    event_type     text       NOT NULL
        CHECK (event_type IN ('priority_changed', 'replayed', 'flow_cancel_requested')),
    details        jsonb
);

CREATE INDEX ff_operator_event_partition_idx ON ff_operator_event (partition_key, event_id);
CREATE INDEX ff_operator_event_namespace_idx ON ff_operator_event (namespace) WHERE namespace IS NOT NULL;
CREATE INDEX ff_operator_event_instance_tag_idx
    ON ff_operator_event (instance_tag) WHERE instance_tag IS NOT NULL;

-- 1.9 Budgets (budget partitions: execution ids are the full text id) ---------------------------------------

CREATE TABLE ff_budget_policy (
    partition_key     smallint NOT NULL,
    budget_id         text       NOT NULL,
    policy_json       jsonb      NOT NULL,
    scope_type        text   ,
    scope_id          text   ,
    enforcement_mode  text       NOT NULL DEFAULT '',
    breach_count      bigint  NOT NULL DEFAULT 0,
    soft_breach_count bigint  NOT NULL DEFAULT 0,
    last_breach_at_ms bigint ,
    last_breach_dim   text   ,
    next_reset_at_ms  bigint ,
    reset_count       bigint  NOT NULL DEFAULT 0,
    last_reset_at_ms  bigint ,
    created_at_ms     bigint ,
    updated_at_ms     bigint ,
    PRIMARY KEY (partition_key, budget_id)
);

CREATE INDEX ff_budget_policy_next_reset_idx
    ON ff_budget_policy (partition_key, next_reset_at_ms) WHERE next_reset_at_ms IS NOT NULL;

CREATE TABLE ff_budget_usage (
    partition_key    smallint NOT NULL,
    budget_id        text       NOT NULL,
    dimensions_key   text       NOT NULL,
    current_value    bigint  NOT NULL DEFAULT 0,
    last_reset_at_ms bigint ,
    updated_at_ms    bigint ,
    PRIMARY KEY (partition_key, budget_id, dimensions_key)
);

CREATE TABLE ff_budget_usage_dedup (
    partition_key smallint NOT NULL,
    budget_id     text       NOT NULL,
    dedup_key     text       NOT NULL,
    outcome_json  jsonb  ,
    applied_at_ms bigint ,
    expires_at_ms bigint ,
    PRIMARY KEY (partition_key, budget_id, dedup_key)
);

CREATE INDEX ff_budget_usage_dedup_expiry_idx ON ff_budget_usage_dedup (expires_at_ms);

CREATE TABLE ff_budget_usage_by_exec (
    partition_key  smallint NOT NULL,
    budget_id      text       NOT NULL,
    execution_id   text       NOT NULL,
    dimensions_key text       NOT NULL,
    delta_total    bigint  NOT NULL,
    updated_at_ms  bigint ,
    PRIMARY KEY (partition_key, budget_id, execution_id, dimensions_key)
);

CREATE INDEX ff_budget_usage_by_exec_execution_idx ON ff_budget_usage_by_exec (partition_key, budget_id, execution_id);

-- Quotas (quota partitions: execution ids are the full text id) ----------------------------------------------

CREATE TABLE ff_quota_policy (
    partition_key               smallint NOT NULL,
    quota_policy_id             text       NOT NULL,
    requests_per_window_seconds integer,
    max_requests_per_window     integer,
    active_concurrency_cap      integer,
    active_concurrency          integer NOT NULL DEFAULT 0,
    jitter_ms                   bigint  NOT NULL DEFAULT 0,
    created_at_ms               bigint ,
    updated_at_ms               bigint ,
    PRIMARY KEY (partition_key, quota_policy_id)
);

CREATE TABLE ff_quota_window (
    partition_key   smallint NOT NULL,
    quota_policy_id text       NOT NULL,
    dimension       text       NOT NULL DEFAULT '',
    admitted_at_ms  bigint  NOT NULL,
    execution_id    text       NOT NULL,
    PRIMARY KEY (partition_key, quota_policy_id, dimension, admitted_at_ms, execution_id)
);

CREATE TABLE ff_quota_admitted (
    partition_key   smallint NOT NULL,
    quota_policy_id text       NOT NULL,
    execution_id    text       NOT NULL,
    admitted_at_ms  bigint ,
    expires_at_ms   bigint ,
    PRIMARY KEY (partition_key, quota_policy_id, execution_id)
);

CREATE INDEX ff_quota_admitted_expiry_idx ON ff_quota_admitted (expires_at_ms);

-- Idempotent create (execution partition: execution_id is the uuid) ------------------------------------------

CREATE TABLE ff_exec_idempotency (
    partition_key   smallint NOT NULL,
    namespace       text       NOT NULL,
    idempotency_key text       NOT NULL,
    execution_id    uuid       NOT NULL,
    expires_at_ms   bigint  NOT NULL,
    PRIMARY KEY (partition_key, namespace, idempotency_key)
);

CREATE INDEX ff_exec_idempotency_expiry_idx ON ff_exec_idempotency (expires_at_ms);

-- Workers (T2) ----------------------------------------------------------------------------------------------

CREATE TABLE ff_worker_registry (
    namespace          text    NOT NULL,
    worker_instance_id text    NOT NULL,
    worker_id          text   ,
    lanes              jsonb  ,
    capabilities_csv   text   ,
    last_heartbeat_ms  bigint ,
    liveness_ttl_ms    bigint ,
    registered_at_ms   bigint ,
    PRIMARY KEY (namespace, worker_instance_id)
);

CREATE TABLE ff_worker_registry_event (
    namespace          text       NOT NULL,
    worker_instance_id text       NOT NULL,
    event_at_ms        bigint  NOT NULL,
    event_kind         text       NOT NULL,
    reason             text   ,
    PRIMARY KEY (namespace, worker_instance_id, event_at_ms, event_kind)
);

-- Globals -----------------------------------------------------------------------------------------------------

CREATE TABLE ff_waitpoint_hmac (
    kid           text       NOT NULL PRIMARY KEY,
    secret        bytea      NOT NULL,
    rotated_at_ms bigint  NOT NULL,
    active        boolean NOT NULL DEFAULT TRUE,
    expires_at_ms bigint
);

-- At most one current kid; rotation retires the old row before inserting the new one.
CREATE UNIQUE INDEX ff_waitpoint_hmac_one_active_idx ON ff_waitpoint_hmac (active) WHERE active;

CREATE TABLE ff_lane_registry (
    lane_id          text    NOT NULL PRIMARY KEY,
    registered_at_ms bigint ,
    registered_by    text
);

CREATE TABLE ff_partition_config (
    singleton_lock        boolean NOT NULL PRIMARY KEY CHECK (singleton_lock),
    num_flow_partitions   integer,
    num_budget_partitions integer,
    num_quota_partitions  integer,
    skein_version         text
);

CREATE TABLE ff_command_log (
    command_id    uuid       NOT NULL PRIMARY KEY,
    partition_key smallint,
    command_type  text   ,
    result_json   jsonb      NOT NULL,
    outputs_json  jsonb      NOT NULL DEFAULT '[]',
    applied_at_ms bigint  NOT NULL,
    expires_at_ms bigint  NOT NULL
);

CREATE INDEX ff_command_log_expiry_idx ON ff_command_log (expires_at_ms);


-- Wake-ups (spec 05 §3): notifications are delivered at commit, so a woken tail always sees the frame. ----------

CREATE FUNCTION ff_notify_stream_frame() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ff_stream_frame', NEW.partition_key || ':' || NEW.execution_id || ':' || NEW.attempt_index
        || ':' || NEW.ts_ms || '-' || NEW.seq);
    RETURN NULL;
END
$$;

CREATE TRIGGER ff_stream_frame_notify AFTER INSERT ON ff_stream_frame
    FOR EACH ROW EXECUTE FUNCTION ff_notify_stream_frame();

CREATE FUNCTION ff_notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_ARGV[0], NEW.event_id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER ff_completion_event_notify AFTER INSERT ON ff_completion_event
    FOR EACH ROW EXECUTE FUNCTION ff_notify_outbox('ff_completion');
CREATE TRIGGER ff_lease_event_notify AFTER INSERT ON ff_lease_event
    FOR EACH ROW EXECUTE FUNCTION ff_notify_outbox('ff_lease_event');
CREATE TRIGGER ff_signal_event_notify AFTER INSERT ON ff_signal_event
    FOR EACH ROW EXECUTE FUNCTION ff_notify_outbox('ff_signal_event');
CREATE TRIGGER ff_operator_event_notify AFTER INSERT ON ff_operator_event
    FOR EACH ROW EXECUTE FUNCTION ff_notify_outbox('ff_operator_event');
