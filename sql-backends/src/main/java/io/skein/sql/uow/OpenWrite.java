package io.skein.sql.uow;

import io.skein.core.error.EngineException;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A write transaction its caller keeps open across calls and ends itself: Kafka mode's unit of work, which stays open
 * while a stream thread applies many commands and commits right before the thread's Kafka transaction. It is
 * confined to the thread that opened it; nothing retries it, since by the time it could fail it holds work the
 * caller must replay on its own. Each store says how its transaction commits, rolls back and lets go of the store.
 */
public abstract class OpenWrite {

    private static final Logger LOG = LoggerFactory.getLogger(OpenWrite.class);

    private final UnitOfWork unit;
    private boolean ended;

    protected OpenWrite(UnitOfWork unit) {
        this.unit = unit;
    }

    /** The open transaction: its connection and its post-commit hooks. */
    public final UnitOfWork unit() {
        return unit;
    }

    /**
     * Commits and then runs the unit's post-commit hooks. A failed commit rolls back, releases the store and
     * propagates as an engine error; either way the unit is over. Ending an ended unit does nothing.
     */
    public final void commit() {
        if (end()) {
            return;
        }
        try {
            commitTransaction();
        } catch (SQLException e) {
            rollbackTransaction(e);
            throw toEngineException(e);
        } finally {
            release();
        }
        runHooks(unit.commitHooks());
    }

    /** Rolls back and releases the store; never throws. Ending an ended unit does nothing. */
    public final void rollback() {
        if (end()) {
            return;
        }
        try {
            rollbackTransaction(new IllegalStateException("unit rolled back"));
        } finally {
            release();
        }
    }

    protected abstract void commitTransaction() throws SQLException;

    /** Rolls back, adding any failure to {@code cause} instead of throwing. */
    protected abstract void rollbackTransaction(Throwable cause);

    /** Lets go of what the unit held (the writer lock, the pooled connection). */
    protected abstract void release();

    protected abstract EngineException toEngineException(SQLException e);

    /** Post-commit work: the unit is committed, so a failing hook is logged, never the caller's error. */
    public static void runHooks(List<Runnable> hooks) {
        for (Runnable hook : hooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warn("a post-commit hook failed after the unit of work committed: {}", e.toString(), e);
            }
        }
    }

    private boolean end() {
        boolean was = ended;
        ended = true;
        return was;
    }
}
