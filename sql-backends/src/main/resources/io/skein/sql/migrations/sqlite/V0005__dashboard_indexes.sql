-- skein:backward_compatible=true
-- The dashboard (issue #19). The list filtered by state (and the overview's recent failures) reads the state index
-- in listing order, one range scan bounded by the cursor; lane_id rides along so the overview's live counts per lane
-- and state are a covering scan of the live states' ranges only. Completions per minute read the terminal-time index
-- over the window (replay clears terminal_at_ms, so it holds ended executions only). Recent flows read the flows'
-- creation index backwards.
CREATE INDEX ff_exec_core_state_created_idx
    ON ff_exec_core (public_state, created_at_ms, partition_key, execution_id, lane_id);
CREATE INDEX ff_exec_core_terminal_at_idx
    ON ff_exec_core (terminal_at_ms, lane_id, public_state) WHERE terminal_at_ms IS NOT NULL;
CREATE INDEX ff_flow_core_created_idx
    ON ff_flow_core (created_at_ms, partition_key, flow_id);
