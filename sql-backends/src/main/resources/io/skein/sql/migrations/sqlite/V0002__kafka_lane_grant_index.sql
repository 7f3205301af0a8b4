-- skein:backward_compatible=true
-- Kafka mode (spec 05 §7): the grant top-up reads one partition's best eligible executions of one lane after
-- every command; without the partition in the key it walks the whole lane's eligible set each time.
CREATE INDEX ff_exec_core_partition_lane_eligible_idx
    ON ff_exec_core (partition_key, lane_id, priority DESC, created_at_ms, execution_id)
    WHERE lifecycle_phase = 'runnable' AND eligibility_state = 'eligible_now';
