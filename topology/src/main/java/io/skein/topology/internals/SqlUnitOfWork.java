package io.skein.topology.internals;

import io.skein.sql.engine.SqlEngineBackend;
import io.skein.sql.engine.Tx;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One stream thread's open SQL unit of work (spec 05 §7 "Unit of work"): every command and punctuation of the
 * thread's tasks runs inside one SQL transaction (each in its own savepoint), and that transaction commits when
 * Kafka Streams flushes the tasks' stores, right before it commits the Kafka transaction. Batching many commands
 * into one SQL commit is the performance lever of ARCHITECTURE "The path of one command".
 *
 * <p>The SQL stores run a unit as a closure ({@code inOneUnit}), so the open transaction lives on a companion
 * thread parked inside that closure; the stream thread hands it work and waits for each result. A unit the store
 * would re-run after it already did work (contention at commit) fails instead: the Kafka transaction then aborts
 * and the commands replay, which the command log makes safe.
 */
public final class SqlUnitOfWork {

    private static final Map<Thread, SqlUnitOfWork> BY_STREAM_THREAD = new ConcurrentHashMap<>();

    private final int maxCommands;
    private final LinkedBlockingQueue<Step<?>> steps = new LinkedBlockingQueue<>();
    private SqlEngineBackend backend;
    private Thread companion;
    private CompletableFuture<Void> finished;
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
     * another backend (a test harness that switched databases) is committed first. Exceptions of {@code work}
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
        if (companion != null && target != backend) {
            // Only a test harness switches databases, between tests whose replies (hence commits) all came back:
            // what is left open on the old one is punctuation work, and that database may be closed already.
            rollback();
        }
        if (companion == null) {
            open(target);
        }
        Step<T> step = new Step<>(work);
        steps.add(step);
        commands++;
        return step.await(this);
    }

    private void open(SqlEngineBackend target) {
        backend = target;
        commands = 0;
        steps.clear(); // leftovers of a unit that died are not this unit's work
        finished = new CompletableFuture<>();
        CompletableFuture<Void> done = finished;
        companion = new Thread(() -> {
            try {
                boolean[] didWork = {false};
                target.inOneUnit(tx -> {
                    if (didWork[0]) {
                        throw new IllegalStateException("the SQL unit was retried after it applied commands; the "
                                + "stream thread replays them from the last Kafka commit");
                    }
                    while (true) {
                        Step<?> step = takeStep();
                        if (step == Step.COMMIT) {
                            return null;
                        }
                        if (step == Step.ROLLBACK) {
                            throw new RolledBack();
                        }
                        didWork[0] = true;
                        step.runIn(tx);
                    }
                });
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, "skein-sql-unit-" + Thread.currentThread().getName());
        companion.setDaemon(true);
        companion.start();
    }

    private Step<?> takeStep() {
        try {
            return steps.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Step.ROLLBACK;
        }
    }

    /**
     * After a punctuation: commits the open unit while its database is still the one commands go to; a unit left
     * on a database a test harness has since switched away from (and may have closed) is rolled back instead.
     */
    public void commitIfCurrent(Supplier<SqlEngineBackend> backends) {
        if (companion == null) {
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
        end(Step.COMMIT);
    }

    /** Rolls back the open unit, if any. */
    public void rollback() {
        try {
            end(Step.ROLLBACK);
        } catch (RuntimeException expected) {
            // the rollback itself is the outcome
        }
    }

    private void end(Step<?> how) {
        if (companion == null) {
            return;
        }
        steps.add(how);
        CompletableFuture<Void> done = finished;
        companion = null;
        backend = null;
        try {
            done.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RolledBack) {
                return;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ending the SQL unit", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the SQL unit did not end within 60 s", e);
        }
    }

    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("rolled back", null, false, false);
        }
    }

    /** One piece of work for the companion thread and its outcome. */
    private static final class Step<T> {
        static final Step<Void> COMMIT = new Step<>(null);
        static final Step<Void> ROLLBACK = new Step<>(null);

        private final Function<Tx, T> work;
        private final CompletableFuture<T> outcome = new CompletableFuture<>();

        Step(Function<Tx, T> work) {
            this.work = work;
        }

        void runIn(Tx tx) {
            try {
                outcome.complete(work.apply(tx));
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        }

        T await(SqlUnitOfWork unit) {
            while (true) {
                try {
                    return outcome.get(100, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException stillRunning) {
                    if (unit.finished != null && unit.finished.isDone()) {
                        // the companion died (store failure): its transaction is gone
                        unit.companion = null;
                        Throwable cause = unit.finished.handle((v, t) -> t).join();
                        if (cause instanceof java.util.concurrent.CompletionException c && c.getCause() != null) {
                            cause = c.getCause();
                        }
                        if (cause instanceof io.skein.core.error.EngineException engine) {
                            throw engine;
                        }
                        throw new IllegalStateException("the SQL unit ended while a command was in it", cause);
                    }
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while a command ran", e);
                }
            }
        }
    }
}
