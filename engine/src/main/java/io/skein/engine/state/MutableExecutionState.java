package io.skein.engine.state;

/** Writes of executions and attempts: each call writes the row image as it now is, in the unit that loaded it. */
public interface MutableExecutionState extends ExecutionState {

    /** Inserts a new execution row (stamping {@code last_mutation_at}). */
    void insert(ExecCore e);

    /** Writes the execution back (stamping {@code last_mutation_at}, bumping {@code state_version}). */
    void save(ExecCore e);

    /** Records (or over an expired entry, replaces) an idempotency key of a create (spec 04 §6 dedup window). */
    void putIdempotency(int partition, String namespace, String idempotencyKey, io.skein.core.id.ExecutionId id,
                        long expiresAtMs);

    /** Registers a lane the first time an execution names it (the lane registry, spec 05 §1.9). */
    void registerLane(String laneId, long now, String registeredBy);

    void insert(Attempt a);

    void save(Attempt a);
}
