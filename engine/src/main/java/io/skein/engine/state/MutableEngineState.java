package io.skein.engine.state;

/** The engine's state as the appliers of a unit of work see it: every family readable and writable. */
public interface MutableEngineState extends EngineState {

    @Override
    MutableExecutionState executions();

    @Override
    MutableGrantState grants();

    @Override
    MutableSuspensionState suspensions();

    @Override
    MutableStreamState streams();

    @Override
    MutableFlowState flows();

    @Override
    MutableRetentionState retention();

    KeystoreState keystore();

    @Override
    MutableBudgetState budgets();

    @Override
    MutableQuotaState quotas();

    @Override
    MutableWorkerState workers();

    EventLog events();
}
