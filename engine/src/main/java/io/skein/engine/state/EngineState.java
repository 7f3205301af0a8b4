package io.skein.engine.state;

/** Everything the engine's decisions read, by family; none of it writes. */
public interface EngineState {

    ExecutionState executions();

    GrantState grants();

    SuspensionState suspensions();

    StreamState streams();

    FlowState flows();

    RetentionState retention();

    BudgetState budgets();

    QuotaState quotas();

    WorkerState workers();
}
