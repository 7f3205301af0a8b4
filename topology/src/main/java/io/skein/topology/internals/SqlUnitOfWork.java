package io.skein.topology.internals;

import io.skein.sql.engine.SqlEngineBackend;
import io.skein.sql.engine.Tx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One stream thread's open SQL unit of work (spec 05 §7 "Unit of work"): every command and punctuation of the
 * thread's tasks runs inside one SQL transaction (each command in its own savepoint), and that transaction commits
 * when Kafka Streams prepares the thread's commit, right before it commits the Kafka transaction, or sooner when it
 * holds {@code maxCommands} commands. Batching many commands into one SQL commit is the performance lever of
 * ARCHITECTURE "The path of one command".
 *
 * <p>The unit lives on the stream thread itself ({@link SqlEngineBackend#openUnit}): no hand-off, no second thread.
 * Nothing re-runs a unit that fails: the stream thread then replays its commands from the last Kafka commit, which
 * the command log makes safe.
 */
public final class SqlUnitOfWork {

    private static final Map<Thread, SqlUnitOfWork> BY_STREAM_THREAD = new ConcurrentHashMap<>();

    private final int maxCommands;
    private SqlEngineBackend backend;
    private SqlEngineBackend.OpenUnit open;
    private int commands;

    private SqlUnitOfWork(int maxCommands) {
        this.maxCommands = maxCommands;
    }

    /** The unit of the calling stream thread. */
    public static SqlUnitOfWork ofCurrentThread(int maxCommands) {
        return BY_STREAM_THREAD.computeIfAbsent(Thread.currentThread(), t -> new SqlUnitOfWork(maxCommands));
    }

    /** Rolls back and forgets the unit of a stream thread that died (its Kafka transaction aborts too). */
    public static void abandonCurrentThread() {
        SqlUnitOfWork unit = BY_STREAM_THREAD.remove(Thread.currentThread());
        if (unit != null) {
            unit.rollback();
        }
    }

    /** Whether the unit reached its size bound and should commit now. */
    public boolean full() {
        return commands >= maxCommands;
    }

    /**
     * Runs {@code work} in the open unit on {@code backends.get()}, opening one when none is open; a unit open on
     * another backend (a test harness that switched databases) is rolled back first. Exceptions of {@code work}
     * propagate; the unit stays open.
     */
    public <T> T run(Supplier<SqlEngineBackend> backends, Function<Tx, T> work) {
        SqlEngineBackend target;
        try {
            target = backends.get();
        } catch (RuntimeException noBackend) {
            rollback(); // nothing to apply to: let go of the old database (and SQLite's writer)
            throw noBackend;
        }
        if (open != null && target != backend) {
            // Only a test harness switches databases, between tests whose replies (hence commits) all came back:
            // what is left open on the old one is punctuation work, and that database may be closed already.
            rollback();
        }
        if (open == null) {
            open = target.openUnit();
            backend = target;
            commands = 0;
        }
        commands++;
        return work.apply(open.tx());
    }

    /** The executions whose rows the open unit wrote since the last call (none when no unit is open). */
    public java.util.List<io.skein.core.id.ExecutionId> drainTouched() {
        return open == null ? java.util.List.of() : open.drainTouched();
    }

    /**
     * After a punctuation: commits the open unit while its database is still the one commands go to; a unit left
     * on a database a test harness has since switched away from (and may have closed) is rolled back instead.
     */
    public void commitIfCurrent(Supplier<SqlEngineBackend> backends) {
        if (open == null) {
            return;
        }
        SqlEngineBackend target;
        try {
            target = backends.get();
        } catch (RuntimeException noBackend) {
            rollback();
            return;
        }
        if (target == backend) {
            commit();
        } else {
            rollback();
        }
    }

    /** Commits the open unit, if any; a failed commit propagates (the stream thread then replays). */
    public void commit() {
        SqlEngineBackend.OpenUnit ending = open;
        open = null;
        backend = null;
        if (ending != null) {
            ending.commit();
        }
    }

    /** Rolls back the open unit, if any. */
    public void rollback() {
        SqlEngineBackend.OpenUnit ending = open;
        open = null;
        backend = null;
        if (ending != null) {
            ending.rollback();
        }
    }
}
