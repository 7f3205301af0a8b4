package io.skein.sql.uow;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One open write transaction: the connection to run every statement of the unit on, and the hooks to run once the
 * unit has committed (in-process notifications such as tail wake-ups must never fire for a rolled-back unit,
 * spec 05 §3). A unit retried after contention starts with no hooks.
 */
public final class UnitOfWork {

    private final Connection connection;
    private final List<Runnable> afterCommit = new ArrayList<>();

    public UnitOfWork(Connection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /** The connection holding the transaction; do not commit, roll back or close it. */
    public Connection connection() {
        return connection;
    }

    /** Registers {@code hook} to run after a successful commit, in registration order; dropped on rollback. */
    public void afterCommit(Runnable hook) {
        afterCommit.add(Objects.requireNonNull(hook, "hook"));
    }

    /** The hooks registered so far, in order. */
    public List<Runnable> commitHooks() {
        return List.copyOf(afterCommit);
    }
}
