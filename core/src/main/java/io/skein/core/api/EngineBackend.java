package io.skein.core.api;

/**
 * Every engine operation (spec 02), implemented by the PostgreSQL and SQLite backends and by the Kafka-mode
 * client, and held to one conformance suite. Methods block (they suit virtual threads) and either return their
 * result or throw {@link io.skein.core.error.EngineException} carrying a typed error.
 *
 * <p>Every method has a default (spec 02 §12): {@code prepare()} answers {@code NoOp}, {@code shutdownPrepare}
 * returns at once, {@code backendLabel()} is {@code "unknown"}, {@code capabilities()} has every flag false,
 * {@code serverTimeMs()} reads the local clock, and every other operation throws {@code Unavailable{op}} with its
 * snake_case name. A partial backend therefore compiles and fails loudly; Skein's backends override them all.
 */
public interface EngineBackend extends ExecutionOperations, WorkerOperations, SchedulerOperations, BackendLifecycle,
        SignalOperations, StreamOperations, FlowOperations, BudgetOperations {
}
