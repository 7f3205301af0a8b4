package io.skein.sql.engine;

import java.util.function.Function;

/** Runs operation code in units of work against one SQL store. */
public interface TxRunner {

    /** One write transaction; a typed rejection thrown by {@code work} rolls it back and propagates. */
    <T> T write(Function<Tx, T> work);

    /**
     * One write transaction that may stay open a long time (Kafka mode's unit of work): stores that share a
     * transaction among concurrent units run it alone.
     */
    default <T> T writeAlone(Function<Tx, T> work) {
        return write(work);
    }

    /** One read-only snapshot. */
    <T> T read(Function<Tx, T> work);
}
