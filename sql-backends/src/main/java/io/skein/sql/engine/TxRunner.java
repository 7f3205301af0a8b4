package io.skein.sql.engine;

import java.util.function.Function;

/** Runs operation code in units of work against one SQL store. */
public interface TxRunner {

    /** One write transaction; a typed rejection thrown by {@code work} rolls it back and propagates. */
    <T> T write(Function<Tx, T> work);

    /**
     * A write transaction the calling thread keeps open across calls and ends itself (Kafka mode's unit of work);
     * stores that share a transaction among concurrent units give it one of its own.
     */
    Open openWrite();

    /** One read-only snapshot. */
    <T> T read(Function<Tx, T> work);

    /** An open write transaction: its {@link Tx} and how it ends. */
    interface Open {
        Tx tx();

        /**
         * Sends the queued writes and commits, then runs the unit's post-commit hooks; a failed commit propagates and
         * the unit is over.
         */
        void commit();

        /** Rolls back; never throws. */
        void rollback();

        /** The store's open transaction {@code write}, seen through the {@link Tx} {@code txOf} makes of it. */
        static Open over(io.skein.sql.uow.OpenWrite write, Function<io.skein.sql.uow.UnitOfWork, Tx> txOf) {
            Tx tx = txOf.apply(write.unit());
            return new Open() {
                @Override
                public Tx tx() {
                    return tx;
                }

                @Override
                public void commit() {
                    try {
                        tx.flush();
                    } catch (RuntimeException | Error e) {
                        write.rollback();
                        throw e;
                    }
                    write.commit();
                }

                @Override
                public void rollback() {
                    tx.discardQueued();
                    write.rollback();
                }
            };
        }
    }
}
