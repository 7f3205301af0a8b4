-- skein:backward_compatible=true
-- `skein list` / GET /v1/executions without a partition (issue #18): executions of every partition, newest first,
-- in one statement. Both indexes hold the listing order (created_at_ms, partition_key, execution_id), one behind
-- lane_id for the lane filter, so a page is one index range scan bounded by the cursor; the other filters (state,
-- kind) are checked on the rows the scan visits.
CREATE INDEX ff_exec_core_created_idx
    ON ff_exec_core (created_at_ms, partition_key, execution_id);
CREATE INDEX ff_exec_core_lane_created_idx
    ON ff_exec_core (lane_id, created_at_ms, partition_key, execution_id);
